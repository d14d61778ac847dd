@M1 @CRT_ABHA_408 @optional @attest
Feature: CRT_ABHA_408 The desk shows the new ABHA number and address after a document enrolment
  NHA test case CRT_ABHA_408 (M1, ABHA creation via driving licence or PAN, optional): the
  14-digit ABHA number and the ABHA address are shown, labelled "ABHA Number", not "Health ID".
  This file follows the newer workbook's numbering (B) (Display of ABHA Number); in source A,
  CRT_ABHA_408 is the manual verification of the document by a health worker. The flow turns on
  the patient's physical driving licence or PAN card and a health worker's manual approval, which
  no simulator can stand in for, so an operator attests it.

  Scenario: 408_1 The new ABHA number and address are shown under the right label
    Given the operator has created an ABHA by driving licence or PAN at the desk
    Then the operator attests that the desk shows the 14-digit ABHA number, labelled "ABHA Number", and the ABHA address

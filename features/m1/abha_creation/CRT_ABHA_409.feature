@M1 @CRT_ABHA_409 @optional @attest
Feature: CRT_ABHA_409 The ABHA number is labelled "ABHA Number" after a document enrolment
  NHA test case CRT_ABHA_409 (M1, ABHA creation via driving licence or PAN, optional): the ABHA number created
  from a driving licence or PAN is shown labelled "ABHA Number", not "Health ID". This case is only in source
  A, whose meaning the file follows; the newer workbook has no CRT_ABHA_409 and shows the ABHA number under
  CRT_ABHA_408. A label is a screen's matter, so an operator attests it.

  Scenario: 409_1 The ABHA number is shown as "ABHA Number"
    Given the operator has created an ABHA by driving licence or PAN at the desk
    Then the operator attests that the desk labels the new number "ABHA Number" and nowhere "Health ID"

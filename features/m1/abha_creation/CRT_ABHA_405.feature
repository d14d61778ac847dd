@M1 @CRT_ABHA_405 @optional @attest
Feature: CRT_ABHA_405 The desk validates the driving licence or PAN details
  NHA test case CRT_ABHA_405 (M1, ABHA creation via driving licence or PAN, optional): the clerk
  enters the driving licence or PAN number and the name, date of birth and gender as on the
  document, and the system validates them. This file follows the newer workbook's numbering (B)
  (Document Verification); in source A, CRT_ABHA_405 is the OTP verification of the mobile, as
  CRT_ABHA_109. The flow turns on the patient's physical driving licence or PAN card and a health
  worker's manual approval, which no simulator can stand in for, so an operator attests it.

  Scenario: 405_1 The document's number and details are taken and validated
    Given the operator has entered the driving licence or PAN number, name, date of birth and gender as on the document
    Then the operator attests that the desk validated the details and refused a document number that cannot be one

@M1 @CRT_ABHA_407 @optional @attest
Feature: CRT_ABHA_407 A health worker verifies the document and the ABHA is created
  NHA test case CRT_ABHA_407 (M1, ABHA creation via driving licence or PAN, optional): a health worker checks
  the document against the patient and approves or rejects it; on approval the ABHA is created (a provisional
  enrolment until ABHA completes it). This file follows the newer workbook's numbering (B) (Manual
  Verification and ABHA Creation); in source A, CRT_ABHA_407 is the upload of the document's front and back. A
  health worker's look at the licence beside the patient is no API call (ABHA answers PROVISIONAL and its own
  staff complete the enrolment), so an operator attests it.

  Scenario: 407_1 An approved document creates the ABHA
    Given the operator has approved a patient's driving licence or PAN as a health worker at the desk
    Then the operator attests that the desk created the ABHA

  Scenario: 407_2 A rejected document creates no ABHA
    Given the operator has rejected a driving licence or PAN as a health worker at the desk
    Then the operator attests that the desk created no ABHA and told the clerk why

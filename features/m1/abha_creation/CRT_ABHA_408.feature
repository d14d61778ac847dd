@M1 @CRT_ABHA_408 @optional
Feature: CRT_ABHA_408 The desk holds the new provisional ABHA number after a driving-licence enrolment
  NHA test case CRT_ABHA_408 (M1, ABHA creation via driving licence or PAN, optional; the newer workbook's
  Display of ABHA Number, where source A's CRT_ABHA_408 is the manual verification of the document): the
  14-digit ABHA number ABHA issued (enrolmentNumber, PROVISIONAL until ABHA's staff verify the licence) and
  the ABHA address are the patient's at the desk. That the screen labels it "ABHA Number" is judged by
  attestation under CRT_ABHA_409.

  Scenario: 408_1 The desk holds the patient under the ABHA number and address ABHA issued
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk the mobile OTP
    Then the desk holds the patient under the provisional ABHA number and address ABHA issued

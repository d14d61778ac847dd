@M1 @CRT_ABHA_404 @optional
Feature: CRT_ABHA_404 A wrong OTP for the mobile gets ABHA's error in a driving-licence enrolment
  NHA test case CRT_ABHA_404 (M1, ABHA creation via driving licence or PAN, optional; the newer workbook's
  Mobile Number Verification, where source A's CRT_ABHA_404 is the mobile being the Aadhaar-registered one,
  as CRT_ABHA_108): an incorrect OTP is refused by ABHA (auth/byAbdm); the desk shows the error and
  registers no one.

  Scenario: 404_1 The desk shows ABHA's refusal of the wrong OTP
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk a wrong mobile OTP
    Then ABHA refuses the mobile OTP and the desk shows the error and registers no one

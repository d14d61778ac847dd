@M1 @CRT_ABHA_107 @mandatory
Feature: CRT_ABHA_107 The desk authenticates the Aadhaar through the OTP
  NHA test case CRT_ABHA_107 (M1, ABHA creation via Aadhaar OTP, mandatory): ABHA
  authenticates the Aadhaar with the OTP (enrol/byAadhaar, the OTP encrypted); an incorrect OTP
  gets an error and creates nothing.

  Scenario: 107_1 The right OTP enrols the patient
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk enrols the patient with the OTP, recording the patient's consent

  Scenario: 107_2 A wrong OTP shows ABHA's error and registers no one
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk a wrong Aadhaar OTP
    Then ABHA refuses the Aadhaar OTP and the desk shows the error and registers no one

@M1 @VRFY_ABHA_402 @mandatory
Feature: VRFY_ABHA_402 A wrong OTP in a search by Aadhaar number gets ABHA's error
  NHA test case VRFY_ABHA_402 (M1, fetch ABHA details using the Aadhaar number, mandatory): an incorrect
  OTP is refused by ABHA (profile/login/verify); the desk shows the error and registers no one.

  Scenario: 402_1 The desk shows ABHA's refusal of the wrong OTP
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their Aadhaar number
    And the patient tells the clerk a wrong login OTP
    Then ABHA refuses the login OTP and the desk shows the error and registers no one

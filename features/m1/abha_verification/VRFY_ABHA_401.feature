@M1 @VRFY_ABHA_401 @mandatory
Feature: VRFY_ABHA_401 The desk finds a patient's ABHA by their Aadhaar number
  NHA test case VRFY_ABHA_401 (M1, fetch ABHA details using the Aadhaar number, mandatory in the newer
  workbook; absent from the older one, whose VRFY_ABHA_401 is the search by mobile): the patient gives
  their Aadhaar number; ABHA sends an OTP to the Aadhaar-registered mobile (profile/login/request/otp,
  loginHint aadhaar, the Aadhaar number encrypted) and, once verified, answers with the X-token of the
  ABHA held under that Aadhaar number; the desk reads the profile.

  Scenario: 401_1 The desk finds the ABHA held under the patient's Aadhaar number
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their Aadhaar number
    And the patient tells the clerk the login OTP
    Then the desk asks ABHA for an OTP to find the patient by their Aadhaar number, encrypted as ABHA requires
    And ABHA verifies the OTP and the desk reads the patient's profile

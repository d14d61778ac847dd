@M1 @VRFY_ABHA_405 @mandatory
Feature: VRFY_ABHA_405 The OTP of a search by Aadhaar number can be sent again
  NHA test case VRFY_ABHA_405 (M1, fetch ABHA details using the Aadhaar number, mandatory): the patient
  can have the OTP sent again and verify with it. The desk asks ABHA anew (profile/login/request/otp)
  and verifies the newest OTP under the txnId ABHA answered with.

  Scenario: 405_1 The OTP sent again finds the patient's ABHA
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their Aadhaar number
    And the patient asks for the OTP again
    And the patient tells the clerk the login OTP
    Then the desk verifies the OTP sent again under the transaction ABHA sent it with
    And the desk holds the patient under their ABHA number, with one patient id

@M1 @VRFY_ABHA_102 @mandatory
Feature: VRFY_ABHA_102 The desk verifies an ABHA address by Aadhaar OTP
  NHA test case VRFY_ABHA_102 (M1, ABHA verification, mandatory; in the older draft part of VRFY_ABHA_101):
  the patient gives their ABHA address; ABHA sends an OTP to the Aadhaar-registered mobile (the PHR login,
  phr/web/login/abha/request/otp with loginHint abha-address, the address encrypted); with the OTP the desk
  logs in (phr/web/login/abha/verify), reads the PHR profile with the X-token and registers the patient.

  Scenario: 102_1 The desk verifies the ABHA address and registers the patient from the profile
    Given a patient who holds an ABHA number
    When the clerk verifies the patient's ABHA address by Aadhaar OTP
    And the patient tells the clerk the ABHA address login OTP
    Then the desk asks ABHA to log the patient in by Aadhaar OTP, the ABHA address encrypted as ABHA requires
    And ABHA verifies the OTP and the desk reads the patient's PHR profile
    And the desk holds the patient under their ABHA number and address, with one patient id

  Scenario: 102_2 A wrong OTP shows ABHA's error and registers no one
    Given a patient who holds an ABHA number
    When the clerk verifies the patient's ABHA address by Aadhaar OTP
    And the patient tells the clerk a wrong ABHA address login OTP
    Then ABHA refuses the ABHA address login OTP and the desk shows the error and registers no one

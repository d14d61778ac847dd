@M1 @VRFY_ABHA_201 @mandatory
Feature: VRFY_ABHA_201 The desk verifies an ABHA number by mobile OTP
  NHA test case VRFY_ABHA_201 (M1, ABHA verification, mandatory): the patient
  gives their ABHA number; ABHA sends an OTP to the ABHA-linked mobile (profile/login/request/otp,
  loginHint abha-number); with the OTP the desk logs in (profile/login/verify) and fetches the
  ABHA profile. A number that cannot be an ABHA number (not 14 digits) gets an error first.

  Scenario: 201_1 The desk verifies the ABHA number and registers the patient from the profile
    Given a patient who holds an ABHA number
    When the clerk verifies the patient's ABHA number by mobile OTP
    And the patient tells the clerk the login OTP
    Then the desk asks ABHA to log the patient in by mobile OTP, the ABHA number encrypted as ABHA requires
    And ABHA verifies the OTP and the desk reads the patient's profile
    And the desk holds the patient under their ABHA number, with one patient id

  Scenario: 201_2 An ABHA number with a digit missing is refused at the desk
    Given a patient who holds an ABHA number
    When the clerk enters the patient's ABHA number with a digit missing
    Then the desk refuses the number and sends ABHA nothing

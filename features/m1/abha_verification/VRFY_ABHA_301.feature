@M1 @VRFY_ABHA_301 @mandatory
Feature: VRFY_ABHA_301 The desk finds a patient's ABHA by their mobile
  NHA test case VRFY_ABHA_301 (M1, fetch ABHA details using the communication mobile, mandatory in the
  newer workbook; VRFY_ABHA_401 in the older one): a patient who does not know their ABHA number gives
  their mobile; ABHA sends an OTP to it (profile/login/request/otp, loginHint mobile, the mobile
  encrypted) and, once verified, lists every ABHA number on that mobile; the patient picks theirs
  (verify/user with the T-token) and the desk reads the profile. The workbook prefers a captcha too:
  only a screen shows that, and it is not judged here.

  Scenario: 301_1 The desk finds the ABHA number on the patient's mobile
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their mobile
    And the patient tells the clerk the login OTP
    Then the desk asks ABHA for an OTP to find the patient by their mobile, encrypted as ABHA requires
    And ABHA verifies the OTP and the desk reads the patient's profile

  Scenario: 301_2 Of several ABHA numbers on a family mobile, the desk goes on with the patient's
    Given a patient who shares their mobile with another ABHA holder
    When the clerk looks up the patient's ABHA by their mobile
    And the patient tells the clerk the login OTP
    Then the desk shows every ABHA number on the mobile
    When the patient picks their own ABHA number
    Then the desk goes on with the ABHA number the patient picked
    And the desk holds the patient under their ABHA number, with one patient id

@M1 @CRT_ABHA_109 @mandatory
Feature: CRT_ABHA_109 A different communication mobile is verified by OTP
  NHA test case CRT_ABHA_109 (M1, ABHA creation via Aadhaar OTP, mandatory): when the
  communication mobile is not the Aadhaar-registered one, the desk verifies it by an OTP from
  ABHA (request/otp scope mobile-verify, then auth/byAbdm); an incorrect OTP gets an error.

  Scenario: 109_1 The other mobile is verified before the ABHA is completed
    Given an Aadhaar holder with no ABHA number yet, the second one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving another mobile
    And the patient tells the clerk the Aadhaar OTP
    And the patient tells the clerk the mobile OTP
    Then the desk verifies the other mobile by OTP before it completes the ABHA

@M1 @CRT_ABHA_101 @mandatory
Feature: CRT_ABHA_101 The desk offers to create an ABHA through Aadhaar OTP
  NHA test case CRT_ABHA_101 (M1, ABHA creation via Aadhaar OTP, mandatory): the system offers
  ABHA creation by Aadhaar OTP: it asks ABHA (v3 enrollment/request/otp, scope abha-enrol) for an OTP
  to the Aadhaar-registered mobile, the Aadhaar number encrypted with ABHA's public key.

  Scenario: 101_1 The desk asks ABHA for an Aadhaar OTP
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    Then the desk asks ABHA for an Aadhaar OTP, the Aadhaar number encrypted as ABHA requires

@M1 @CRT_ABHA_106 @mandatory @attest
Feature: CRT_ABHA_106 The OTP can be resent, after 60 seconds, at least twice
  NHA test case CRT_ABHA_106 (M1, ABHA creation via Aadhaar OTP, mandatory): the Resend
  button becomes active after 60 seconds and works at least twice. The timing is on screen, so
  an operator attests it.

  Scenario: 106_1 Resend becomes active after 60 seconds and works twice
    Given the operator has waited on the desk's Aadhaar OTP screen
    Then the operator attests that Resend became active after 60 seconds and sent a new OTP at least twice

@M1 @CRT_ABHA_201 @optional @attest
Feature: CRT_ABHA_201 The desk offers to create an ABHA through Aadhaar biometrics
  NHA test case CRT_ABHA_201 (M1, ABHA creation via Aadhaar biometrics, optional): the system
  offers ABHA creation by Aadhaar biometric authentication (fingerprint, face or iris;
  enrol/byAadhaar with authMethods bio). The flow rests on a fingerprint or face capture by a
  registered device (UIDAI RD service) that no simulator can stand in for, so an operator attests
  it.

  Scenario: 201_1 The desk offers Aadhaar biometrics as a way to create an ABHA
    Given the operator has opened the desk's ABHA creation screen
    Then the operator attests that the desk offers to create an ABHA through Aadhaar biometric authentication

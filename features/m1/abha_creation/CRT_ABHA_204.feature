@M1 @CRT_ABHA_204 @optional @attest
Feature: CRT_ABHA_204 An invalid Aadhaar number gets an error in the biometric flow
  NHA test case CRT_ABHA_204 (M1, ABHA creation via Aadhaar biometrics, optional): as CRT_ABHA_104
  for the biometric flow: the clerk enters the Aadhaar number; a number that cannot be one gets an
  error asking for the correct number, and no capture starts. The flow rests on a fingerprint or
  face capture by a registered device (UIDAI RD service) that no simulator can stand in for, so an
  operator attests it.

  Scenario: 204_1 A mistyped Aadhaar number is refused before any capture
    Given the operator has entered an Aadhaar number with a wrong check digit on the desk's biometric creation screen
    Then the operator attests that the desk showed an error asking for a correct Aadhaar number and started no capture

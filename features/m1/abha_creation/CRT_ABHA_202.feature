@M1 @CRT_ABHA_202 @optional @attest
Feature: CRT_ABHA_202 The desk records the patient's consent before a biometric enrolment
  NHA test case CRT_ABHA_202 (M1, ABHA creation via Aadhaar biometrics, optional): as CRT_ABHA_102
  for the biometric flow: the system shows ABDM's consent text and records the patient's agreement
  (an "I agree" checkbox or another signature) before the biometric capture. The flow rests on a
  fingerprint or face capture by a registered device (UIDAI RD service) that no simulator can
  stand in for, so an operator attests it.

  Scenario: 202_1 The consent text is shown and agreed to before the capture
    Given the operator has started an ABHA creation by Aadhaar biometrics at the desk
    Then the operator attests that the desk showed ABDM's consent text and the patient agreed to it before the capture

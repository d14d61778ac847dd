@M1 @CRT_ABHA_206 @optional @attest
Feature: CRT_ABHA_206 The Aadhaar-linked mobile needs no second verification after a biometric enrolment
  NHA test case CRT_ABHA_206 (M1, ABHA creation via Aadhaar biometrics, optional): as CRT_ABHA_108
  for the biometric flow: when the communication mobile is the Aadhaar-registered one, the desk
  goes straight on to the ABHA creation screen. The flow rests on a fingerprint or face capture by
  a registered device (UIDAI RD service) that no simulator can stand in for, so an operator
  attests it.

  Scenario: 206_1 The same mobile is not verified again
    Given the operator has given the Aadhaar-linked mobile as the communication mobile after a biometric authentication
    Then the operator attests that the desk went straight on to the ABHA creation screen without a mobile OTP

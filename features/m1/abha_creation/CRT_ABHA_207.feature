@M1 @CRT_ABHA_207 @optional @attest
Feature: CRT_ABHA_207 A different communication mobile is verified by OTP after a biometric enrolment
  NHA test case CRT_ABHA_207 (M1, ABHA creation via Aadhaar biometrics, optional): as CRT_ABHA_109
  for the biometric flow: when the communication mobile is not the Aadhaar-registered one, the
  desk verifies it by an OTP from ABHA (request/otp scope mobile-verify, then auth/byAbdm); an
  incorrect OTP gets an error. The flow rests on a fingerprint or face capture by a registered
  device (UIDAI RD service) that no simulator can stand in for, so an operator attests it.

  Scenario: 207_1 The other mobile is verified before the ABHA is completed
    Given the operator has given another mobile than the Aadhaar-linked one after a biometric authentication
    Then the operator attests that the desk sent an OTP to that mobile and went on only once the right OTP was entered

  Scenario: 207_2 A wrong mobile OTP gets an error
    Given the operator has entered a wrong OTP for the other mobile
    Then the operator attests that the desk showed an error and did not go on

@M1 @CRT_ABHA_210 @conditional @attest
Feature: CRT_ABHA_210 The desk prints its own ABHA card after a biometric enrolment
  NHA test case CRT_ABHA_210 (M1, ABHA creation via Aadhaar biometrics, conditional): as
  CRT_ABHA_115 for the biometric flow: an integrator that does not use ABHA's card prints its own,
  with the ABHA number and address (either 209 or 210 is mandatory for government integrators in
  the newer workbook; source A marks it optional). The flow rests on a fingerprint or face capture
  by a registered device (UIDAI RD service) that no simulator can stand in for, so an operator
  attests it.

  Scenario: 210_1 The desk's own card shows the ABHA number and address
    Given the operator has printed the desk's own card for an ABHA created by Aadhaar biometrics
    Then the operator attests that the card shows the ABHA number and the ABHA address

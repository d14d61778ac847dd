@M1 @CRT_ABHA_115 @conditional @attest
Feature: CRT_ABHA_115 The desk prints its own ABHA card
  NHA test case CRT_ABHA_115 (M1, ABHA creation via Aadhaar OTP, conditional): an integrator
  that does not use ABHA's card prints its own, with the ABHA number and address (either 114 or
  115 is mandatory for government integrators). Only the printout shows this.

  Scenario: 115_1 The desk's own card shows the ABHA number and address
    Given the operator has printed the desk's own card for a new ABHA
    Then the operator attests that the card shows the ABHA number and the ABHA address

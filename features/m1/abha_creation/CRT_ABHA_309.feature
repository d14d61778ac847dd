@M1 @CRT_ABHA_309 @conditional @attest
Feature: CRT_ABHA_309 The desk prints its own ABHA card after a demographic enrolment
  NHA test case CRT_ABHA_309 (M1, ABHA creation via Aadhaar demographics for government entities,
  conditional): as CRT_ABHA_115 for the demographic flow: an integrator that does not use ABHA's
  card prints its own, with the ABHA number and address (either 308 or 309 is mandatory for
  government integrators in the newer workbook; source A marks it optional). Demographic
  authentication is open only to government entities that ABHA trusts under their own benefit
  name, which no simulator can stand in for, so an operator attests it.

  Scenario: 309_1 The desk's own card shows the ABHA number and address
    Given the operator has printed the desk's own card for an ABHA created by Aadhaar demographics
    Then the operator attests that the card shows the ABHA number and the ABHA address

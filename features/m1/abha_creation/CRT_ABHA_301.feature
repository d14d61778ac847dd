@M1 @CRT_ABHA_301 @conditional @attest
Feature: CRT_ABHA_301 The desk offers to create an ABHA through Aadhaar demographics
  NHA test case CRT_ABHA_301 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): a government entity's system offers ABHA creation by demographic (offline) Aadhaar
  authentication, which only trusted entities may use and every government entity is eligible for (the
  byAadhaar demographic variant, sent with the programme's BENEFIT_NAME; ABHA refuses private integrators).
  Demographic authentication is open only to government entities that ABHA trusts under their own benefit
  name, which no simulator can stand in for, so an operator attests it.

  Scenario: 301_1 The desk offers Aadhaar demographics as a way to create an ABHA
    Given the operator has opened the government desk's ABHA creation screen
    Then the operator attests that the desk offers ABHA creation through Aadhaar demographic (offline) authentication

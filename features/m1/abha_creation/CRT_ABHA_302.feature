@M1 @CRT_ABHA_302 @conditional @attest
Feature: CRT_ABHA_302 The desk records the patient's consent before a demographic enrolment
  NHA test case CRT_ABHA_302 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): as CRT_ABHA_102 for the demographic flow: the system shows ABDM's consent text and
  records the patient's agreement (an "I agree" checkbox or another signature). Demographic authentication is
  open only to government entities that ABHA trusts under their own benefit name, which no simulator can stand
  in for, so an operator attests it.

  Scenario: 302_1 The consent text is shown and agreed to before the demographics are sent
    Given the operator has started an ABHA creation by Aadhaar demographics at the government desk
    Then the operator attests that the desk showed ABDM's consent text and took the patient's agreement before going on

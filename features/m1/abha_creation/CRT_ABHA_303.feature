@M1 @CRT_ABHA_303 @optional @attest
Feature: CRT_ABHA_303 The demographic flow's consent text is available in languages other than English
  NHA test case CRT_ABHA_303 (M1, ABHA creation via Aadhaar demographics for government entities,
  optional): as CRT_ABHA_103 for the demographic flow: the consent language can be read in
  languages other than English. Demographic authentication is open only to government entities
  that ABHA trusts under their own benefit name, which no simulator can stand in for, so an
  operator attests it.

  Scenario: 303_1 The consent text is offered in another language
    Given the operator has opened the consent text of the government desk's demographic ABHA creation screen
    Then the operator attests that the consent text can be read in a language other than English

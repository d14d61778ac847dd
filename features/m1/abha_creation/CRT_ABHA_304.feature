@M1 @CRT_ABHA_304 @conditional @attest
Feature: CRT_ABHA_304 An invalid Aadhaar number gets an error in the demographic flow
  NHA test case CRT_ABHA_304 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): as CRT_ABHA_104 for the demographic flow: the clerk enters the Aadhaar number; a number
  that cannot be one gets an error asking for the correct number. The newer workbook makes this mandatory;
  source A marks it optional. Demographic authentication is open only to government entities that ABHA trusts
  under their own benefit name, which no simulator can stand in for, so an operator attests it.

  Scenario: 304_1 A mistyped Aadhaar number is refused at the desk
    Given the operator has entered an Aadhaar number with a wrong check digit on the desk's demographic screen
    Then the operator attests that the desk showed an error asking for a correct Aadhaar number and sent nothing on

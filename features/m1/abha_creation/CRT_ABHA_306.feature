@M1 @CRT_ABHA_306 @conditional @attest
Feature: CRT_ABHA_306 The desk completes the profile with state, district, photo and mobile
  NHA test case CRT_ABHA_306 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): after the demographic authentication the state and district are filled in automatically
  and the clerk verifies them and enters the patient's photo and mobile number to complete the profile. The
  newer workbook makes this mandatory; source A marks it optional. Demographic authentication is open only to
  government entities that ABHA trusts under their own benefit name, which no simulator can stand in for, so
  an operator attests it.

  Scenario: 306_1 State and district are filled in and the photo and mobile are taken
    Given the operator has completed the profile of a patient authenticated by Aadhaar demographics
    Then the operator attests that the state and district were filled in for the clerk, who added the photo and mobile

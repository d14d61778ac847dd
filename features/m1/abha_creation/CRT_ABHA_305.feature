@M1 @CRT_ABHA_305 @conditional @attest
Feature: CRT_ABHA_305 The desk verifies the patient's demographics against Aadhaar
  NHA test case CRT_ABHA_305 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): the clerk enters the name, date of birth and gender as per Aadhaar and ABHA
  authenticates the Aadhaar through them; details that do not match get an error and create nothing. The newer
  workbook makes this mandatory; source A marks it optional. Demographic authentication is open only to
  government entities that ABHA trusts under their own benefit name, which no simulator can stand in for, so
  an operator attests it.

  Scenario: 305_1 Demographics as per Aadhaar authenticate the patient
    Given the operator has entered the patient's name, date of birth and gender as per Aadhaar at the government desk
    Then the operator attests that ABHA authenticated the Aadhaar through the demographics and the desk went on

  Scenario: 305_2 Demographics that do not match Aadhaar get an error
    Given the operator has entered a name or date of birth that differs from the patient's Aadhaar
    Then the operator attests that the desk showed ABHA's error and created no ABHA

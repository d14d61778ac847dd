@M1 @CRT_ABHA_307 @conditional @attest
Feature: CRT_ABHA_307 The desk shows the new ABHA number and address after a demographic enrolment
  NHA test case CRT_ABHA_307 (M1, ABHA creation via Aadhaar demographics, mandatory for government entities,
  hence conditional): the 14-digit ABHA number and the ABHA address are shown, labelled "ABHA Number". The
  newer workbook makes this mandatory; source A marks it optional. Demographic authentication is open only to
  government entities that ABHA trusts under their own benefit name, which no simulator can stand in for, so
  an operator attests it.

  Scenario: 307_1 The new ABHA number and address are shown
    Given the operator has created an ABHA by Aadhaar demographics at the government desk
    Then the operator attests that the desk shows the 14-digit ABHA number, labelled "ABHA Number", and the ABHA address

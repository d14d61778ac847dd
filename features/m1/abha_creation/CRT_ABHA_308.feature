@M1 @CRT_ABHA_308 @conditional @attest
Feature: CRT_ABHA_308 The desk gets the ABHA card from ABHA's API after a demographic enrolment
  NHA test case CRT_ABHA_308 (M1, ABHA creation via Aadhaar demographics for government entities, mandatory
  for government entities, hence conditional for private integrators): as CRT_ABHA_114 for the demographic
  flow: the ABHA card (ABHA number, optional photo, QR code, date of birth, gender, ABHA address) is generated
  by ABHA's API (profile/account/abha-card) and can be viewed and downloaded. The newer workbook's marking,
  mandatory for private integrators, is kept although this route is open to government entities only; source A
  marks it optional. Demographic authentication is open only to government entities that ABHA trusts under
  their own benefit name, which no simulator can stand in for, so an operator attests it.

  Scenario: 308_1 The card from ABHA can be viewed and downloaded
    Given the operator has created an ABHA by Aadhaar demographics at the government desk and opened its ABHA card
    Then the operator attests that ABHA's card shows the ABHA number, QR code, date of birth, gender and ABHA address
    And the operator attests that the card can be downloaded

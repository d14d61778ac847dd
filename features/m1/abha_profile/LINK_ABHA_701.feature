@M1 @LINK_ABHA_701 @conditional @attest
Feature: LINK_ABHA_701 A new ABHA number is linked with the patient's existing ABHA address
  NHA test case LINK_ABHA_701 (M1, linking an ABHA number with an ABHA address, mandatory): after an ABHA
  number is created for a patient who already holds an ABHA address, the desk links the new number with that
  address (legacy account/phr-linked). Source A marks it mandatory; the newer workbook drops the case, so it
  is conditional here. The link is made on the patient's live ABHA account through a legacy route the
  harness's ABHA simulator does not serve, so an operator attests it.

  Scenario: 701_1 The new ABHA number is linked with the existing ABHA address
    Given the operator has created an ABHA number for a patient who already holds an ABHA address and linked the two
    Then the operator attests that the ABHA number and the existing ABHA address are linked to each other

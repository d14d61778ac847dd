@M1 @PROF_ABHA_603 @optional @attest
Feature: PROF_ABHA_603 The patient's email address is updated from the desk
  NHA test case PROF_ABHA_603 (M1, ABHA profile update, optional): the clerk enters the patient's
  new email address, the patient confirms it with the OTP sent to it, and the ABHA profile carries
  the new address. The harness's ABHA simulator serves no profile updates and the change shows
  only on the patient's ABHA profile, so an operator attests it.

  Scenario: 603_1 The verified email address appears on the ABHA profile
    Given the operator has updated a patient's email address at the desk with the OTP sent to it
    Then the operator attests that the ABHA profile now shows the new email address

@M1 @PROF_ABHA_601 @optional @attest
Feature: PROF_ABHA_601 The patient's mobile number is updated from the desk
  NHA test case PROF_ABHA_601 (M1, ABHA profile update, optional): the clerk enters the patient's
  new mobile number, the patient confirms it with an OTP on the new mobile and with the password
  or an OTP on the old one, and the ABHA profile carries the new number
  (profile/account/request/otp and profile/account/verify). The harness's ABHA simulator serves no
  profile updates and the change shows only on the patient's ABHA profile, so an operator attests
  it.

  Scenario: 601_1 The new mobile replaces the old one on the ABHA profile
    Given the operator has updated a patient's mobile number at the desk with the OTPs on the new and old mobiles
    Then the operator attests that the ABHA profile now shows the new mobile number

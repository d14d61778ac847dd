@M1 @PROF_ABHA_605 @optional @attest
Feature: PROF_ABHA_605 The patient's ABHA is deleted or deactivated from the desk
  NHA test case PROF_ABHA_605 (M1, ABHA profile update, optional): the clerk deletes or
  deactivates the patient's ABHA, confirmed by an OTP; afterwards the system must not allow a
  login through the same ABHA. The harness's ABHA simulator serves no profile updates and the
  change shows only on the patient's ABHA profile, so an operator attests it.

  Scenario: 605_1 The ABHA is deleted or deactivated with an OTP
    Given the operator has deleted or deactivated a patient's ABHA at the desk with the OTP the patient received
    Then the operator attests that the desk confirmed the ABHA number was deleted or deactivated

  Scenario: 605_2 A login through the same ABHA is refused
    Given the operator has tried to log in again with the deleted or deactivated ABHA
    Then the operator attests that the login was refused

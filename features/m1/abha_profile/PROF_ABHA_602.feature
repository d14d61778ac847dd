@M1 @PROF_ABHA_602 @optional @attest
Feature: PROF_ABHA_602 The patient's photo is updated from the desk
  NHA test case PROF_ABHA_602 (M1, ABHA profile update, optional): the clerk edits the profile
  photo and uploads a new one, and the ABHA profile carries it. The harness's ABHA simulator
  serves no profile updates and the change shows only on the patient's ABHA profile, so an
  operator attests it.

  Scenario: 602_1 The new photo replaces the old one on the ABHA profile
    Given the operator has uploaded a new photo for a patient's ABHA profile at the desk
    Then the operator attests that the ABHA profile now shows the new photo

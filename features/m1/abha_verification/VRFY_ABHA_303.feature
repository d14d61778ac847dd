@M1 @VRFY_ABHA_303 @mandatory
Feature: VRFY_ABHA_303 The ABHA found by mobile registers the patient
  NHA test case VRFY_ABHA_303 (M1, fetch ABHA details using the communication mobile, mandatory): when
  an ABHA number exists for the mobile, the desk fetches its details and registers the patient in the
  HMIS under it (or links it to their existing record).

  Scenario: 303_1 The desk registers the patient under the ABHA number found by mobile
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their mobile
    And the patient tells the clerk the login OTP
    Then the desk holds the patient under their ABHA number, with one patient id

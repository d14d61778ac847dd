@M1 @VRFY_ABHA_404 @mandatory
Feature: VRFY_ABHA_404 The ABHA found by Aadhaar number registers the patient
  NHA test case VRFY_ABHA_404 (M1, fetch ABHA details using the Aadhaar number, mandatory): when an ABHA
  number exists for the Aadhaar number, the desk shows its profile and registers the patient in the HMIS
  under it (or links it to their existing record). Offering the ABHA card is judged under CRT_ABHA_114.

  Scenario: 404_1 The desk registers the patient under the ABHA number found by Aadhaar number
    Given a patient who holds an ABHA number
    When the clerk looks up the patient's ABHA by their Aadhaar number
    And the patient tells the clerk the login OTP
    Then the desk holds the patient under their ABHA number, with one patient id

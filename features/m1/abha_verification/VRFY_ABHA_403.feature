@M1 @VRFY_ABHA_403 @mandatory
Feature: VRFY_ABHA_403 An Aadhaar number that holds no ABHA gets ABHA's error
  NHA test case VRFY_ABHA_403 (M1, fetch ABHA details using the Aadhaar number, mandatory): when no ABHA
  number exists for the Aadhaar number, ABHA says so and the desk shows the error and registers no one.

  Scenario: 403_1 The desk shows that no ABHA number was found
    Given an Aadhaar holder who has no ABHA number
    When the clerk looks up the patient's ABHA by their Aadhaar number
    Then ABHA finds no ABHA number and the desk shows the error and registers no one

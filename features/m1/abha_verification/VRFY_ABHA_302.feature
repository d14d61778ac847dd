@M1 @VRFY_ABHA_302 @mandatory
Feature: VRFY_ABHA_302 A mobile that holds no ABHA number gets ABHA's error
  NHA test case VRFY_ABHA_302 (M1, fetch ABHA details using the communication mobile, mandatory): when
  no ABHA number is linked to the mobile, ABHA says so ("ABHA Number not found") and the desk shows the
  error and registers no one.

  Scenario: 302_1 The desk shows that no ABHA number was found
    Given an Aadhaar holder who has no ABHA number
    When the clerk looks up the patient's ABHA by their mobile
    Then ABHA finds no ABHA number and the desk shows the error and registers no one

@M1 @TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER @mandatory
Feature: TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER One ABHA number is tagged to one patient id
  NHA test case TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER (M1, newer workbook, mandatory): the HMIS
  tags the patient id with the ABHA number and checks its records before creating a patient, so
  that no two patient ids carry the same ABHA number.

  Scenario: TAGGING_1 A returning patient's ABHA number finds their existing patient id
    Given a patient who holds an ABHA number
    And the desk has verified the patient's ABHA number by Aadhaar OTP
    When the clerk verifies the patient's ABHA number by mobile OTP
    And the patient tells the clerk the login OTP
    Then the desk holds the patient under their ABHA number, with one patient id

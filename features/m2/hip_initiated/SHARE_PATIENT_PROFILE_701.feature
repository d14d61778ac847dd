@M2 @SHARE_PATIENT_PROFILE_701 @mandatory
Feature: SHARE_PATIENT_PROFILE_701 The patient scans the facility's QR code and shares their profile
  NHA test case SHARE _PATIENT_PROFILE_701 (the 2023 test cases list it under M2, the newer
  workbook under M1; mandatory): the patient scans the facility's QR code in the PHR app and
  shares their profile (ABHA number and address, name, gender, year of birth, mobile,
  address); the profile reaches the HIP, the patient gets a token number valid for 30 minutes.
  Cancelling in the PHR app sends nothing to the HIP, so there is nothing for the HIP to do.

  Scenario: 701_1 The shared profile reaches the HIP and the patient gets a token number
    Given the first test patient
    When the patient scans the HIP's QR code at counter "OPD-1" and shares their profile
    Then the HIP acknowledges the request
    And the HIP calls back with "on-profile-share" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP gives the patient a token number

  @v3-only
  Scenario: 701_2 The token number is valid for 30 minutes
    Given the first test patient
    When the patient scans the HIP's QR code at counter "OPD-1" and shares their profile
    Then the HIP calls back with "on-profile-share" within the deadline
    And the HIP gives the patient a token number
    And the token is valid for 30 minutes

  Scenario: 701_3 Two patients at the same counter get different token numbers
    Given the first test patient
    When the patient scans the HIP's QR code at counter "OPD-2" and shares their profile
    Then the HIP gives the patient a token number
    Given the second test patient
    When the patient scans the HIP's QR code at counter "OPD-2" and shares their profile
    Then the HIP gives the patient a token number
    And the two patients' token numbers differ

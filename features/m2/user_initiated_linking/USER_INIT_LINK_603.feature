@M2 @USER_INIT_LINK_603 @mandatory
Feature: USER_INIT_LINK_603 The PHR app shares the patient's profile with the HIP
  NHA test case USER_INIT_LINK_603 (M2, user-initiated linking, mandatory):
  the PHR app shares the patient's profile (mobile, ABHA number, ABHA address, name,
  gender, year of birth) and the gateway sends it to the HIP to identify the patient.
  The HIP must take up the request and answer through the gateway.

  Scenario: 603_1 The HIP takes up a discovery request carrying the patient's profile
    Given the first test patient
    When the PHR app shares the patient's profile with the HIP
    Then the HIP acknowledges the request
    And the HIP calls back with "on-discover" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request

@M2 @USER_INIT_LINK_604 @mandatory
Feature: USER_INIT_LINK_604 The PHR app receives the records the HIP holds for the patient
  NHA test case USER_INIT_LINK_604 (M2, user-initiated linking, mandatory):
  for the shared profile the HIP returns the list of the patient's care contexts,
  which the PHR app shows. A person the HIP does not hold is not found.

  Scenario Outline: 604_1 The HIP returns exactly the <patient> test patient's care contexts
    Given the <patient> test patient
    When the PHR app shares the patient's profile with the HIP
    Then the HIP calls back with "on-discover" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the callback carries the discovery transaction id
    And the HIP returns exactly the patient's care contexts

    Examples:
      | patient |
      | first   |
      | second  |

  Scenario: 604_2 The HIP finds the patient by mobile number under a new ABHA address
    Given the second test patient under an ABHA address the HIP has not seen
    When the PHR app shares the patient's profile with the HIP
    Then the HIP calls back with "on-discover" within the deadline
    And the callback conforms to its ABDM schema
    And the HIP returns exactly the patient's care contexts

  @v3-only
  Scenario: 604_3 The HIP groups the care contexts by HI type and counts them
    Given the first test patient
    When the PHR app shares the patient's profile with the HIP
    Then the HIP calls back with "on-discover" within the deadline
    And the callback conforms to its ABDM schema
    And each HI type group counts its care contexts

  Scenario: 604_4 A person the HIP does not hold is not found
    Given a person the HIP does not hold
    When the PHR app shares the patient's profile with the HIP
    Then the HIP calls back with "on-discover" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the callback reports that the patient was not found

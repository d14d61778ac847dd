@M2 @USER_INIT_LINK_605 @mandatory
Feature: USER_INIT_LINK_605 The patient consents to linking with an OTP
  NHA test case USER_INIT_LINK_605 (M2, user-initiated linking, mandatory):
  the patient selects records and taps "Link Health Records"; the HIP sends an OTP to
  the patient's mobile; with the correct OTP only the selected records are linked.

  Scenario: 605_1 The selected care context is linked with the OTP
    Given the first test patient has discovered their care contexts at the HIP
    When the patient selects their first care context and asks to link it
    Then the HIP calls back with "on-link-init" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the callback carries the discovery transaction id
    And the HIP sends an OTP to the patient for the link
    When the patient confirms the link with the OTP
    Then the HIP calls back with "on-link-confirm" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP links exactly the selected care contexts

  Scenario: 605_2 A wrong OTP is refused and links nothing
    Given the second test patient has discovered their care contexts at the HIP
    And the patient has asked to link their first care context
    When the patient confirms the link with a wrong OTP
    Then the HIP calls back with "on-link-confirm" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP refuses the wrong OTP

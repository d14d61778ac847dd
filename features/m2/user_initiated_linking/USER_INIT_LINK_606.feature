@M2 @USER_INIT_LINK_606 @mandatory
Feature: USER_INIT_LINK_606 The link request is validated
  NHA test case USER_INIT_LINK_606 (M2, user-initiated linking, mandatory):
  a link request must be validated before anything is linked. The HIP links only
  care contexts it offered to this patient in this discovery, and confirms only
  link references it issued.

  Scenario: 606_1 A link request with a transaction id the HIP never issued is refused
    Given the first test patient has discovered their care contexts at the HIP
    When the patient asks to link their first care context under a transaction id the HIP never issued
    Then the HIP calls back with "on-link-init" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the HIP refuses the request it cannot validate

  Scenario: 606_2 A link request for another patient's care context is refused
    Given the first test patient has discovered their care contexts at the HIP
    When the patient asks to link a care context of the second test patient
    Then the HIP calls back with "on-link-init" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the HIP refuses the request it cannot validate

  Scenario: 606_3 A confirmation for a link reference the HIP never issued is refused
    Given the first test patient has discovered their care contexts at the HIP
    When the patient confirms a link reference the HIP never issued with the OTP
    Then the HIP calls back with "on-link-confirm" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the HIP refuses the request it cannot validate

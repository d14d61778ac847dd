@M2 @HIP_INTI_LINK_402 @optional @v0.5-only
Feature: HIP_INTI_LINK_402 The patient's decision in the PHR app reaches the HIP
  NHA test case HIP_INTI_LINK_402 (M2, HIP-initiated linking by direct authentication; optional in the newer
  workbook, mandatory for government integrators in the 2023 test cases; any one of the four
  methods must be demonstrated):
  the request appears in the PHR app's notifications; the patient's decision reaches the HIP
  (users/auth/notify), which acknowledges it (users/auth/on-notify).
  v3 has no direct authentication for linking: an HIP asks for a link token with the patient's
  demographics (HIP_INTI_LINK_501–506); this case applies to v0.5.

  Scenario: 402_1 The HIP acknowledges the patient's approval
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by direct authentication
    And the patient approves the HIP's request in the PHR app
    Then the HIP acknowledges the request
    And the HIP calls back with "on-auth-notify" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request

@M2 @HIP_INTI_LINK_401 @optional @v0.5-only
Feature: HIP_INTI_LINK_401 The HIP links a patient's records by direct authentication
  NHA test case HIP_INTI_LINK_401 (M2, HIP-initiated linking by direct authentication; optional in the newer
  workbook, mandatory for government integrators in the 2023 test cases; any one of the four
  methods must be demonstrated):
  the clerk enters the patient's ABHA address and the HIP asks the consent manager for the
  patient's approval in the PHR app (users/auth/init, authMode DIRECT). The patient may reject the
  request; the process then ends and nothing is linked.
  v3 has no direct authentication for linking: an HIP asks for a link token with the patient's
  demographics (HIP_INTI_LINK_501–506); this case applies to v0.5.

  Scenario: 401_1 The HIP asks the gateway for the patient's direct approval
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by direct authentication
    Then the HIP asks the gateway to authenticate the patient by direct authentication

  Scenario: 401_2 The patient rejects the request and nothing is linked
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by direct authentication
    And the patient rejects the HIP's request in the PHR app
    Then the HIP acknowledges the request
    And the HIP calls back with "on-auth-notify" within the deadline
    And the HIP links nothing

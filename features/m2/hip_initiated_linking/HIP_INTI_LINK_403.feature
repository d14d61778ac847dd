@M2 @HIP_INTI_LINK_403 @optional @v0.5-only
Feature: HIP_INTI_LINK_403 The patient's approval creates the linking token
  NHA test case HIP_INTI_LINK_403 (M2, HIP-initiated linking by direct authentication; optional in the newer
  workbook, mandatory for government integrators in the 2023 test cases; any one of the four
  methods must be demonstrated):
  the approval carries the linking token (users/auth/notify accessToken); the HIP must link with
  that very token, and not before it has it.
  v3 has no direct authentication for linking: an HIP asks for a link token with the patient's
  demographics (HIP_INTI_LINK_501–506); this case applies to v0.5.

  Scenario: 403_1 The HIP links with the token the approval carries
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by direct authentication
    And the patient approves the HIP's request in the PHR app
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token
    And the HIP linked nothing before the gateway issued the token

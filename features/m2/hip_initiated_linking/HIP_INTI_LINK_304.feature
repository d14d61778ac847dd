@M2 @HIP_INTI_LINK_304 @optional @v0.5-only
Feature: HIP_INTI_LINK_304 The HIP links with the new linking token
  NHA test case HIP_INTI_LINK_304 (M2, HIP-initiated linking by Aadhaar OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  once the OTP is validated the consent manager creates a linking token (users/auth/on-confirm
  accessToken); the HIP must link the care context with that very token.
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 304_1 The HIP links with the token the gateway issued
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    And the patient tells the clerk the OTP
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token

@M2 @HIP_INTI_LINK_302 @optional @v0.5-only
Feature: HIP_INTI_LINK_302 The patient receives the OTP for the HIP's request
  NHA test case HIP_INTI_LINK_302 (M2, HIP-initiated linking by Aadhaar OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  the consent manager texts the patient an OTP and answers the HIP with the authentication's
  transaction (users/auth/on-init), which the HIP must take.
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 302_1 The gateway texts the OTP and the HIP takes its answer
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    Then the HIP asks the gateway to authenticate the patient by Aadhaar OTP
    And the gateway texts the patient an OTP and the HIP accepts the gateway's answer

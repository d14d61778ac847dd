@M2 @HIP_INTI_LINK_301 @optional @v0.5-only
Feature: HIP_INTI_LINK_301 The HIP starts linking a patient's records by Aadhaar OTP
  NHA test case HIP_INTI_LINK_301 (M2, HIP-initiated linking by Aadhaar OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  the clerk enters the patient's ABHA address and the HIP asks the consent manager to
  authenticate the patient by Aadhaar OTP (users/auth/init, purpose LINK, authMode AADHAAR_OTP).
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 301_1 The HIP asks the gateway to authenticate the patient by Aadhaar OTP
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    Then the HIP asks the gateway to authenticate the patient by Aadhaar OTP

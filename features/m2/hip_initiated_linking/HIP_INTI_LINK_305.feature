@M2 @HIP_INTI_LINK_305 @optional @v0.5-only
Feature: HIP_INTI_LINK_305 The HIP links the patient's records to the ABHA address
  NHA test case HIP_INTI_LINK_305 (M2, HIP-initiated linking by Aadhaar OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  the HIP links the care context to the patient's ABHA address (links/link/add-contexts) and
  holds it as linked.
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 305_1 The chosen care context is linked at the gateway and at the HIP
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    And the patient tells the clerk the OTP
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token
    And the HIP holds the care context as linked to the patient's ABHA address

@M2 @HIP_INTI_LINK_206 @optional @v0.5-only
Feature: HIP_INTI_LINK_206 The patient pulls the records the HIP linked
  NHA test case HIP_INTI_LINK_206 (M2, HIP-initiated linking by mobile OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  in the PHR app the patient pulls the records the HIP linked: under the patient's consent the
  HIP shares them. The ABHA address is new to the HIP, so only the link lets it serve them.
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 206_1 The linked care context is pulled under the patient's consent
    Given the first test patient under an ABHA address the HIP has not seen
    And the patient's first care context has been linked at the HIP by mobile OTP
    And the patient has granted a consent for the linked records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And every consented care context is pushed

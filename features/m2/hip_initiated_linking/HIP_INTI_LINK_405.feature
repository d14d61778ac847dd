@M2 @HIP_INTI_LINK_405 @optional @v0.5-only
Feature: HIP_INTI_LINK_405 The patient pulls the records the HIP linked
  NHA test case HIP_INTI_LINK_405 (M2, HIP-initiated linking by direct authentication; optional in the newer
  workbook, mandatory for government integrators in the 2023 test cases; any one of the four
  methods must be demonstrated):
  in the PHR app the patient pulls the records the HIP linked: under the patient's consent the
  HIP shares them. The ABHA address is new to the HIP, so only the link lets it serve them.
  v3 has no direct authentication for linking: an HIP asks for a link token with the patient's
  demographics (HIP_INTI_LINK_501–506); this case applies to v0.5.

  Scenario: 405_1 The linked care context is pulled under the patient's consent
    Given the first test patient under an ABHA address the HIP has not seen
    And the patient's first care context has been linked at the HIP by direct authentication
    And the patient has granted a consent for the linked records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And every consented care context is pushed

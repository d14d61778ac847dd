@M2 @HIP_INTI_LINK_404 @optional @v0.5-only
Feature: HIP_INTI_LINK_404 The HIP links the patient's records to the ABHA address
  NHA test case HIP_INTI_LINK_404 (M2, HIP-initiated linking by direct authentication; optional in the newer
  workbook, mandatory for government integrators in the 2023 test cases; any one of the four
  methods must be demonstrated):
  the HIP links the care context to the patient's ABHA address (links/link/add-contexts) and holds
  it as linked.
  v3 has no direct authentication for linking: an HIP asks for a link token with the patient's
  demographics (HIP_INTI_LINK_501–506); this case applies to v0.5.

  Scenario: 404_1 The chosen care context is linked at the gateway and at the HIP
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by direct authentication
    And the patient approves the HIP's request in the PHR app
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token
    And the HIP holds the care context as linked to the patient's ABHA address

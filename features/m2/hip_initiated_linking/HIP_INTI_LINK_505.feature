@M2 @HIP_INTI_LINK_505 @mandatory
Feature: HIP_INTI_LINK_505 The HIP links the patient's records to the ABHA address
  NHA test case HIP_INTI_LINK_505 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  the HIP links the care context to the patient's ABHA address and holds it as linked
  (v0.5 links/link/add-contexts; v3 link/carecontext with X-LINK-TOKEN).

  Scenario: 505_1 The chosen care context is linked at the gateway and at the HIP
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token
    And the HIP holds the care context as linked to the patient's ABHA address

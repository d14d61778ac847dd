@M2 @HIP_INTI_LINK_506 @mandatory
Feature: HIP_INTI_LINK_506 The patient pulls the records the HIP linked
  NHA test case HIP_INTI_LINK_506 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  in the PHR app the patient pulls the records the HIP linked: under the patient's consent the
  HIP shares them. The ABHA address is new to the HIP, so only the link lets it serve them.

  Scenario: 506_1 The linked care context is pulled under the patient's consent
    Given the first test patient under an ABHA address the HIP has not seen
    And the patient's first care context has been linked at the HIP by demographics
    And the patient has granted a consent for the linked records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And every consented care context is pushed

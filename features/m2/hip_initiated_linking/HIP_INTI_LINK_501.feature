@M2 @HIP_INTI_LINK_501 @mandatory
Feature: HIP_INTI_LINK_501 The HIP links a patient's records by demographic authentication
  NHA test case HIP_INTI_LINK_501 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  with the patient's ABHA address verified, the HIP asks the consent manager to authenticate the
  patient by their demographics.
  v0.5: users/auth/init (authMode DEMOGRAPHICS), then users/auth/confirm with the demographics;
  v3: generate-token with the demographics, answered by on-generate-token with a link token.

  Scenario: 501_1 The HIP asks the gateway to authenticate the patient by demographics
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the HIP asks the gateway to authenticate the patient by demographics

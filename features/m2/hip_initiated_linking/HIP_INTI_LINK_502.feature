@M2 @HIP_INTI_LINK_502 @mandatory
Feature: HIP_INTI_LINK_502 The HIP shares the demographics the patient gave
  NHA test case HIP_INTI_LINK_502 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  the patient gives the clerk their name, gender and date of birth, and the HIP sends them to the
  consent manager as given.
  v0.5: users/auth/init (authMode DEMOGRAPHICS), then users/auth/confirm with the demographics;
  v3: generate-token with the demographics, answered by on-generate-token with a link token.

  Scenario: 502_1 The HIP sends the gateway the patient's name, gender and year of birth
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the HIP sends the gateway the demographics the patient gave

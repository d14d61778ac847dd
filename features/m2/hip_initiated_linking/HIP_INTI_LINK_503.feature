@M2 @HIP_INTI_LINK_503 @mandatory
Feature: HIP_INTI_LINK_503 The gateway validates the demographics and issues a linking token
  NHA test case HIP_INTI_LINK_503 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  the consent manager compares the demographics with the ABHA account and, when they match,
  issues a linking token; when they do not, there is no token and the HIP must link nothing.
  v0.5: users/auth/init (authMode DEMOGRAPHICS), then users/auth/confirm with the demographics;
  v3: generate-token with the demographics, answered by on-generate-token with a link token.

  Scenario: 503_1 Matching demographics get a linking token
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the HIP sends the gateway the demographics the patient gave
    And the gateway issues a linking token and the HIP accepts it

  Scenario: 503_2 Demographics that do not match link nothing
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context by demographics, with a year of birth the patient misstated
    Then the HIP sends the gateway the demographics the patient gave
    And the HIP links nothing

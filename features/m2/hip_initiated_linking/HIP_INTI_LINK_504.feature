@M2 @HIP_INTI_LINK_504 @mandatory
Feature: HIP_INTI_LINK_504 The HIP links with the linking token it was issued
  NHA test case HIP_INTI_LINK_504 (M2, HIP-initiated linking by demographic authentication; mandatory for
  government and private integrators; any one of the four methods must be demonstrated):
  the HIP links with the token created for it, and not before it has it. A v0.5 access token links
  once; a v3 link token lasts six months, and when the consent manager refuses it as lapsed the HIP
  asks for a new one. A token the HIP did not ask for (here: one issued to another HIP) is never used.
  v0.5: users/auth/init (authMode DEMOGRAPHICS), then users/auth/confirm with the demographics;
  v3: generate-token with the demographics, answered by on-generate-token with a link token.

  Scenario: 504_1 The HIP links with the token the gateway issued
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token
    And the HIP linked nothing before the gateway issued the token

  @v0.5-only
  Scenario: 504_2 A second link asks for a new token instead of reusing the first
    Given the first test patient under an ABHA address the HIP has not seen
    And the patient's first care context has been linked at the HIP by demographics
    When the clerk links the patient's second care context to their ABHA address by demographics
    Then the HIP does not link with a token it was not issued for this link
    And the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token

  @v3-only
  Scenario: 504_3 A lapsed link token is replaced by a new one
    Given the first test patient under an ABHA address the HIP has not seen
    And the patient's first care context has been linked at the HIP by demographics
    And the patient's link token has lapsed at the gateway
    When the clerk links the patient's second care context to their ABHA address by demographics
    Then the HIP asks the gateway for a new link token when the gateway refuses the lapsed one
    And the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token

  @v3-only
  Scenario: 504_4 A link token issued to another HIP is not used
    Given the first test patient under an ABHA address the HIP has not seen
    And a link token for the patient, issued to another HIP, has reached the HIP unasked
    When the clerk links the patient's first care context to their ABHA address by demographics
    Then the HIP does not link with a token it was not issued for this link
    And the gateway issues a linking token and the HIP accepts it
    And the HIP links the care context with that token

@M2 @HIP_INTI_LINK_303 @optional @v0.5-only
Feature: HIP_INTI_LINK_303 The HIP has the OTP validated and gets a linking token
  NHA test case HIP_INTI_LINK_303 (M2, HIP-initiated linking by Aadhaar OTP; optional in the newer workbook,
  mandatory in the 2023 test cases; any one of the four methods must be demonstrated):
  the patient reads the OTP out to the clerk; the HIP sends it to the consent manager
  (users/auth/confirm), which validates it and issues a linking token. A wrong OTP gets no
  token, and the HIP must then link nothing.
  In v3 an HIP verifies the ABHA address with ABHA's own login APIs (milestone M1) and asks the
  consent manager for a link token with the patient's demographics, which HIP_INTI_LINK_501–506
  judge; this case applies to v0.5, where the consent manager authenticates the patient.

  Scenario: 303_1 The HIP passes on the OTP the patient read out
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    And the patient tells the clerk the OTP
    Then the HIP sends the gateway the OTP the patient gave
    And the gateway issues a linking token and the HIP accepts it
    And the HIP linked nothing before the gateway issued the token

  Scenario: 303_2 A wrong OTP links nothing
    Given the first test patient under an ABHA address the HIP has not seen
    When the clerk links the patient's first care context to their ABHA address by Aadhaar OTP
    And the patient tells the clerk a wrong OTP
    Then the HIP sends the gateway the OTP the patient gave
    And the HIP links nothing

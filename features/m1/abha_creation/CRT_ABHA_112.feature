@M1 @CRT_ABHA_112 @mandatory
Feature: CRT_ABHA_112 The patient picks an ABHA address from ABHA's suggestions
  NHA test case CRT_ABHA_112 (M1, ABHA creation via Aadhaar OTP, mandatory): the desk
  shows at least three suggested ABHA addresses (enrol/suggestion) and creates the one chosen
  (enrol/abha-address). Mandatory for private and government integrators.

  Scenario: 112_1 The address is created from ABHA's suggestions
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk offers ABHA's address suggestions and creates one of them

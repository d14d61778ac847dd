@M1 @CRT_ABHA_104 @mandatory
Feature: CRT_ABHA_104 An invalid Aadhaar number gets an error before anything is sent
  NHA test case CRT_ABHA_104 (M1, ABHA creation via Aadhaar OTP, mandatory): the clerk enters
  the Aadhaar number; a number that cannot be one (not 12 digits, a wrong Verhoeff check digit)
  gets an error asking for the correct number, and nothing goes to ABHA.

  Scenario: 104_1 A mistyped Aadhaar number is refused at the desk
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk enters the patient's Aadhaar number with a wrong check digit
    Then the desk refuses the number and sends ABHA nothing

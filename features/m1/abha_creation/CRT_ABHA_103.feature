@M1 @CRT_ABHA_103 @optional @attest
Feature: CRT_ABHA_103 The consent text is available in languages other than English
  NHA test case CRT_ABHA_103 (M1, ABHA creation via Aadhaar OTP, optional): the consent
  language can be read in other languages. Only a screen shows this, so an operator attests it.

  Scenario: 103_1 The consent text is offered in another language
    Given the operator has opened the consent text of the desk's ABHA creation screen
    Then the operator attests that the consent text can be read in a language other than English

@M1 @CRT_ABHA_203 @optional @attest
Feature: CRT_ABHA_203 The biometric flow's consent text is available in languages other than English
  NHA test case CRT_ABHA_203 (M1, ABHA creation via Aadhaar biometrics, optional): as CRT_ABHA_103
  for the biometric flow: the consent language can be read in languages other than English. The
  flow rests on a fingerprint or face capture by a registered device (UIDAI RD service) that no
  simulator can stand in for, so an operator attests it.

  Scenario: 203_1 The consent text is offered in another language
    Given the operator has opened the consent text of the desk's biometric ABHA creation screen
    Then the operator attests that the consent text can be read in a language other than English

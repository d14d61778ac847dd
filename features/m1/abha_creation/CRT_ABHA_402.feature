@M1 @CRT_ABHA_402 @optional @attest
Feature: CRT_ABHA_402 The desk records the patient's consent before a document enrolment
  NHA test case CRT_ABHA_402 (M1, ABHA creation via driving licence or PAN, optional): as
  CRT_ABHA_102 for the driving licence or PAN flow: the system shows ABDM's consent text and
  records the patient's agreement (an "I agree" checkbox or another signature). The flow turns on
  the patient's physical driving licence or PAN card and a health worker's manual approval, which
  no simulator can stand in for, so an operator attests it.

  Scenario: 402_1 The consent text is shown and agreed to before the document is taken
    Given the operator has started an ABHA creation by driving licence or PAN at the desk
    Then the operator attests that the desk showed ABDM's consent text and took the patient's agreement before going on

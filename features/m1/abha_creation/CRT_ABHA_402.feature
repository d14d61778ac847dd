@M1 @CRT_ABHA_402 @optional
Feature: CRT_ABHA_402 The desk records the patient's consent in a driving-licence enrolment
  NHA test case CRT_ABHA_402 (M1, ABHA creation via driving licence or PAN, optional): as CRT_ABHA_102 for
  the driving-licence flow: the patient agrees to ABDM's consent text and enrol/byDocument records it
  (consent code abha-enrollment, version 1.4). That the text was shown is a screen's matter (CRT_ABHA_102's
  description) and is not judged here.

  Scenario: 402_1 The enrolment by licence carries the patient's consent
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk the mobile OTP
    Then the desk enrols the patient by the licence, recording the patient's consent

@M1 @CRT_ABHA_102 @mandatory
Feature: CRT_ABHA_102 The desk records the patient's consent to ABDM's terms
  NHA test case CRT_ABHA_102 (M1, ABHA creation via Aadhaar OTP, mandatory): the system shows
  ABDM's consent text and records the patient's agreement; ABHA receives it with the enrolment
  (byAadhaar consent code abha-enrollment, version 1.4). That the text is shown on screen is
  the operator's to confirm when the agency asks; the harness judges what reaches ABHA.

  Scenario: 102_1 The enrolment carries the patient's consent
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk enrols the patient with the OTP, recording the patient's consent

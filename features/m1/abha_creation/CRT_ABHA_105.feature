@M1 @CRT_ABHA_105 @mandatory
Feature: CRT_ABHA_105 The patient receives the Aadhaar OTP and the desk takes it
  NHA test case CRT_ABHA_105 (M1, ABHA creation via Aadhaar OTP, mandatory): the OTP reaches
  the Aadhaar-registered mobile and the clerk can enter it (a 6-digit number).

  Scenario: 105_1 The OTP the patient reads out is sent to ABHA with its transaction
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk asks ABHA for an Aadhaar OTP, the Aadhaar number encrypted as ABHA requires
    And the desk enrols the patient with the OTP, recording the patient's consent

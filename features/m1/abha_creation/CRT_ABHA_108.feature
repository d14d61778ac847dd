@M1 @CRT_ABHA_108 @optional
Feature: CRT_ABHA_108 The Aadhaar-linked mobile needs no second verification
  NHA test case CRT_ABHA_108 (M1, ABHA creation via Aadhaar OTP, optional): when the
  communication mobile is the Aadhaar-registered one, the desk goes straight on to the ABHA
  address.

  Scenario: 108_1 The same mobile is not verified again
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk does not verify the Aadhaar-linked mobile again

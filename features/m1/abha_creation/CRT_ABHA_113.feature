@M1 @CRT_ABHA_113 @mandatory
Feature: CRT_ABHA_113 The desk shows the new ABHA number and address
  NHA test case CRT_ABHA_113 (M1, ABHA creation via Aadhaar OTP, mandatory): the 14-digit
  ABHA number and the ABHA address are shown (labelled "ABHA Number"). The harness reads what
  the desk holds through its driver; the label is on screen.

  Scenario: 113_1 The desk holds the ABHA number and address ABHA issued
    Given an Aadhaar holder with no ABHA number yet, the first one
    When the clerk creates an ABHA for the patient by Aadhaar OTP, giving the Aadhaar-linked mobile
    And the patient tells the clerk the Aadhaar OTP
    Then the desk holds the patient under the ABHA number and address ABHA issued

@M1 @CRT_ABHA_405 @optional
Feature: CRT_ABHA_405 The driving licence's details are validated
  NHA test case CRT_ABHA_405 (M1, ABHA creation via driving licence or PAN, optional; the newer workbook's
  Document Verification, where source A's CRT_ABHA_405 is the mobile's OTP verification, as CRT_ABHA_109):
  the clerk enters the licence number and the name, date of birth and gender as printed on the licence;
  ABHA validates them (enrol/byDocument) and the desk shows ABHA's refusal of details that do not match.

  Scenario: 405_1 The licence's details go to ABHA as printed
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk the mobile OTP
    Then the desk sends the licence's details as printed and photos of both its sides

  Scenario: 405_2 Details that do not match the licence show ABHA's error and register no one
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence, typing a wrong date of birth
    And the patient tells the clerk the mobile OTP
    Then ABHA refuses the licence's details and the desk shows the error and registers no one

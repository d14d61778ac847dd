@M1 @CRT_ABHA_403 @optional
Feature: CRT_ABHA_403 The patient's mobile starts and is proven in a driving-licence enrolment
  NHA test case CRT_ABHA_403 (M1, ABHA creation via driving licence or PAN, optional; the newer workbook's
  Communication Mobile Number, where source A's CRT_ABHA_403 is the consent text in other languages, as
  CRT_ABHA_103): the clerk enters the patient's communication mobile, ABHA sends an OTP to it, and the desk
  verifies it (auth/byAbdm, dl-flow scope) before it sends the licence.

  Scenario: 403_1 The mobile is verified by OTP before the licence is sent
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk the mobile OTP
    Then the desk verifies the mobile by OTP before it enrols the patient by the licence

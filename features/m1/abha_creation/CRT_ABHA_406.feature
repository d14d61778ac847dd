@M1 @CRT_ABHA_406 @optional
Feature: CRT_ABHA_406 The desk uploads the front and back of the driving licence
  NHA test case CRT_ABHA_406 (M1, ABHA creation via driving licence or PAN, optional; the newer workbook's
  Document Upload, where source A's CRT_ABHA_406 is the document verification): photos of the front and
  back of the licence go to ABHA with the enrolment (enrol/byDocument frontSidePhoto and backSidePhoto,
  base64 JPEG or PNG).

  Scenario: 406_1 Both sides of the licence are uploaded
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    And the patient tells the clerk the mobile OTP
    Then the desk sends the licence's details as printed and photos of both its sides

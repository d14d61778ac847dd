@M1 @CRT_ABHA_406 @optional @attest
Feature: CRT_ABHA_406 The desk uploads the front and back of the document
  NHA test case CRT_ABHA_406 (M1, ABHA creation via driving licence or PAN, optional): the clerk
  uploads photos of the front and back of the driving licence or PAN card (enrol/byDocument
  frontSidePhoto and backSidePhoto). This file follows the newer workbook's numbering (B)
  (Document Upload); in source A, CRT_ABHA_406 is the document verification (number, name, date of
  birth and gender as on the document). The flow turns on the patient's physical driving licence
  or PAN card and a health worker's manual approval, which no simulator can stand in for, so an
  operator attests it.

  Scenario: 406_1 Both sides of the document are uploaded
    Given the operator has uploaded photos of the front and back of the patient's driving licence or PAN card
    Then the operator attests that the desk took both photos and sent them with the enrolment

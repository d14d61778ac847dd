@M1 @CRT_ABHA_404 @optional @attest
Feature: CRT_ABHA_404 The patient's mobile number is verified by OTP in the document flow
  NHA test case CRT_ABHA_404 (M1, ABHA creation via driving licence or PAN, optional): the
  patient's mobile is verified by the OTP ABHA sent to it (auth/byAbdm); an incorrect OTP gets an
  error. This file follows the newer workbook's numbering (B) (Mobile Number Verification); in
  source A, CRT_ABHA_404 is the communication mobile being the Aadhaar-registered one, as
  CRT_ABHA_108. The flow turns on the patient's physical driving licence or PAN card and a health
  worker's manual approval, which no simulator can stand in for, so an operator attests it.

  Scenario: 404_1 The right OTP verifies the mobile
    Given the operator has entered the OTP the patient received on the desk's driving licence or PAN screen
    Then the operator attests that the desk verified the mobile and went on to the document

  Scenario: 404_2 A wrong OTP gets an error
    Given the operator has entered a wrong OTP on the desk's driving licence or PAN screen
    Then the operator attests that the desk showed an error and did not go on

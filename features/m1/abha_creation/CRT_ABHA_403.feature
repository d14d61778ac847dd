@M1 @CRT_ABHA_403 @optional @attest
Feature: CRT_ABHA_403 The desk takes the patient's mobile number to start a document enrolment
  NHA test case CRT_ABHA_403 (M1, ABHA creation via driving licence or PAN, optional): the clerk
  enters the patient's communication mobile number, the one the driving licence or PAN flow starts
  from, and ABHA sends an OTP to it. This file follows the newer workbook's numbering (B)
  (Communication Mobile Number); in source A, CRT_ABHA_403 is the consent text in other languages,
  as CRT_ABHA_103. The flow turns on the patient's physical driving licence or PAN card and a
  health worker's manual approval, which no simulator can stand in for, so an operator attests it.

  Scenario: 403_1 The communication mobile is taken and an OTP is sent to it
    Given the operator has entered the patient's communication mobile on the desk's driving licence or PAN screen
    Then the operator attests that the desk took the mobile number and an OTP reached that mobile

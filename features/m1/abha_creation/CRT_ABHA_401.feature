@M1 @CRT_ABHA_401 @optional @attest
Feature: CRT_ABHA_401 The desk offers to create an ABHA through a driving licence or PAN
  NHA test case CRT_ABHA_401 (M1, ABHA creation via driving licence or PAN, optional): the system
  offers ABHA creation from a driving licence or PAN instead of Aadhaar (request/otp with scope
  dl-flow to the patient's mobile, auth/byAbdm, then enrol/byDocument). The flow turns on the
  patient's physical driving licence or PAN card and a health worker's manual approval, which no
  simulator can stand in for, so an operator attests it.

  Scenario: 401_1 The desk offers a driving licence or PAN as a way to create an ABHA
    Given the operator has opened the desk's ABHA creation screen
    Then the operator attests that the desk offers to create an ABHA through a driving licence or PAN

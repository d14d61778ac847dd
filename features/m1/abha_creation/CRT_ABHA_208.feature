@M1 @CRT_ABHA_208 @optional @attest
Feature: CRT_ABHA_208 The desk shows the new ABHA number and address after a biometric enrolment
  NHA test case CRT_ABHA_208 (M1, ABHA creation via Aadhaar biometrics, optional): the 14-digit
  ABHA number and the ABHA address are shown, labelled "ABHA Number", not "Health ID". The flow
  rests on a fingerprint or face capture by a registered device (UIDAI RD service) that no
  simulator can stand in for, so an operator attests it.

  Scenario: 208_1 The new ABHA number and address are shown under the right label
    Given the operator has created an ABHA by Aadhaar biometrics at the desk
    Then the operator attests that the desk shows the 14-digit ABHA number, labelled "ABHA Number", and the ABHA address

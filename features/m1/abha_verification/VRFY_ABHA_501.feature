@M1 @VRFY_ABHA_501 @optional @attest
Feature: VRFY_ABHA_501 The desk verifies an ABHA number by Aadhaar biometrics and reads the ABHA QR code
  NHA test case VRFY_ABHA_501 (M1, ABHA verification, optional): the newer workbook gives this ID
  to two rows, both kept here as one feature with two scenarios. 501_1 (under "Applicable for
  Government Entities"): the patient gives their ABHA number, ABHA verifies it by Aadhaar
  fingerprint, and when the biometrics match the desk fetches the ABHA profile. 501_2: the desk
  scans the patient's ABHA QR code and reads the profile (name, date of birth, gender, mobile)
  from it. Source A uses VRFY_ABHA_501 for the QR code only; its biometric verification is
  VRFY_ABHA_301, mandatory there, an ID the newer workbook gives to retrieval by mobile. A
  biometric capture needs a registered device (UIDAI RD service) that no simulator can stand in
  for, and the QR code needs the desk's scanner and the patient's card, so an operator attests
  both.

  Scenario: 501_1 The ABHA number is verified by the patient's fingerprint
    Given the operator has verified a patient's ABHA number by Aadhaar fingerprint on the desk's registered device
    Then the operator attests that the biometrics matched, verification completed and the desk fetched the ABHA profile

  Scenario: 501_2 The desk reads the patient's profile from their ABHA QR code
    Given the operator has scanned the patient's ABHA QR code at the desk
    Then the operator attests that the desk read the patient's name, date of birth, gender and mobile from the QR code

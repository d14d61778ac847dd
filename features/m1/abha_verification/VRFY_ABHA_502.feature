@M1 @VRFY_ABHA_502 @optional @attest
Feature: VRFY_ABHA_502 The desk verifies an ABHA address by Aadhaar biometrics
  NHA test case VRFY_ABHA_502 (M1, ABHA verification, optional): under "Applicable for Government
  Entities" in the newer workbook: the patient gives their ABHA address, ABHA verifies it by
  Aadhaar fingerprint, and when the biometrics match verification completes and the desk fetches
  the ABHA profile. Source A has no VRFY_ABHA_502; its VRFY_ABHA_301 (mandatory there) covers
  biometric verification of an ABHA number or address. A biometric capture needs a registered
  device (UIDAI RD service) that no simulator can stand in for, so an operator attests it.

  Scenario: 502_1 The ABHA address is verified by the patient's fingerprint
    Given the operator has verified a patient's ABHA address by Aadhaar fingerprint on the desk's registered device
    Then the operator attests that the biometrics matched, verification completed and the desk fetched the ABHA profile

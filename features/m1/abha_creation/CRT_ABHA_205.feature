@M1 @CRT_ABHA_205 @optional @attest
Feature: CRT_ABHA_205 The desk authenticates the Aadhaar through fingerprint or face
  NHA test case CRT_ABHA_205 (M1, ABHA creation via Aadhaar biometrics, optional): ABHA
  authenticates the Aadhaar with a fingerprint or face captured at the desk (enrol/byAadhaar with
  the device's PID block; face through enrol/auth/init and capturePID); biometrics that do not
  match get an error and create nothing. A biometric capture needs a registered device (UIDAI RD
  service) that no simulator can stand in for, so an operator attests it.

  Scenario: 205_1 A matching fingerprint or face enrols the patient
    Given the operator has scanned the patient's fingerprint or face on the desk's registered device
    Then the operator attests that ABHA authenticated the Aadhaar and the desk went on to create the ABHA

  Scenario: 205_2 A capture that does not match shows ABHA's error and registers no one
    Given the operator has scanned a fingerprint or face that does not belong to the Aadhaar holder
    Then the operator attests that the desk showed ABHA's error and created no ABHA

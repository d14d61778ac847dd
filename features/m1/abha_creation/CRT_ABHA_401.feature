@M1 @CRT_ABHA_401 @optional
Feature: CRT_ABHA_401 The desk offers to create an ABHA through a driving licence
  NHA test case CRT_ABHA_401 (M1, ABHA creation via driving licence or PAN, optional): the system offers
  ABHA creation from a driving licence instead of Aadhaar: it asks ABHA (enrollment/request/otp, scope
  abha-enrol, mobile-verify and dl-flow, loginHint mobile, otpSystem abdm) for an OTP to the patient's
  mobile, the mobile encrypted with ABHA's public key. ABHA v3 documents the driving licence only
  (documentType DRIVING_LICENCE); PAN is not judged.

  Scenario: 401_1 The desk starts the driving-licence flow with an OTP to the patient's mobile
    Given a patient who holds a driving licence and no ABHA number
    When the clerk creates an ABHA for the patient by driving licence
    Then the desk asks ABHA for an OTP to the patient's mobile in the driving-licence flow, encrypted as ABHA requires

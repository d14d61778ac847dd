@M1 @PROF_ABHA_604 @optional @attest
Feature: PROF_ABHA_604 The patient's ABHA is re-verified against Aadhaar (re-KYC)
  NHA test case PROF_ABHA_604 (M1, ABHA profile update, optional): the clerk starts a re-KYC, the
  patient confirms it with the OTP on the Aadhaar-linked mobile, and the ABHA profile is refreshed
  from Aadhaar. The harness's ABHA simulator serves no profile updates and the change shows only
  on the patient's ABHA profile, so an operator attests it.

  Scenario: 604_1 A re-KYC with the Aadhaar OTP refreshes the profile
    Given the operator has started a re-KYC at the desk and entered the OTP from the patient's Aadhaar-linked mobile
    Then the operator attests that the re-KYC completed and the ABHA profile shows the details from Aadhaar

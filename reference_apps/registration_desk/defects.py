"""The reference registration desk's defect switches: name → the deliberate mistake it turns on,
to show the harness catches it. How a switch is turned on and consulted: common/defects.py.
"""

from __future__ import annotations

DEFECTS: dict[str, str] = {
    "sends_aadhaar_unencrypted": "an OTP request by Aadhaar number carries it in plain as loginId",
    "pkcs1_padding": "sensitive values are RSA-encrypted with PKCS#1 v1.5 padding instead of OAEP-SHA1",
    "omits_otp_system": "the Aadhaar OTP request leaves out otpSystem, which NHA's v3 enrolment page requires",
    "otp_unencrypted": "every otpValue is sent in plain",
    "no_aadhaar_check": "an invalid Aadhaar number (wrong length, Verhoeff check digit) is sent to ABHA",
    "accepts_13_digit_abha": "a 13-digit ABHA number goes to login/request/otp",
    "skips_mobile_verification": "a mobile other than Aadhaar's, or a licence enrolment's, is never verified by OTP",
    "wrong_consent_version": 'enrol/byAadhaar and enrol/byDocument carry consent version "1.0", not "1.4"',
    "no_address_suggestions": "creates an ABHA address of its own making without asking for suggestions",
    "stores_wrong_abha_number": "registers the patient's ABHA number with its last digit changed",
    "no_card_download": "never fetches the ABHA card",
    "no_dl_flow_scope": "the OTP request of an enrolment by driving licence leaves the dl-flow scope out",
    "omits_back_photo": "enrol/byDocument carries the licence's front photo only",
    "picks_first_account": "of several ABHA numbers on a mobile, always continues with the first, not the patient's",
    "swallows_abha_errors": "a refusal from ABHA (wrong OTP, no ABHA found) ends the flow as done, the error unshown",
    "resend_keeps_first_transaction": "after an OTP is resent, verifies it under the first request's txnId",
    "never_registers_found_patient": "a patient found by mobile or Aadhaar number is never registered: the flow stalls",
    "duplicate_patient_ids": "a verified ABHA number always gets a new patient id, even one already registered",
}

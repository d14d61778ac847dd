"""Nothing secret or identifying leaves the harness unmasked."""

from abdm_conformance.masking import MASK, Masker

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


def test_secret_keys_are_masked_wherever_they_nest():
    masked = Masker().data(
        {
            "headers": {"Authorization": f"Bearer {JWT}"},
            "body": {"clientSecret": "s3cr3t!", "confirmation": {"token": "123456"}},
        }
    )
    assert masked == {
        "headers": {"Authorization": MASK},
        "body": {"clientSecret": MASK, "confirmation": {"token": MASK}},
    }


def test_tokens_and_known_secrets_are_masked_inside_free_text():
    text = Masker(["ref-hip-secret-0001"]).text(f"echo {JWT} and ref-hip-secret-0001 and bearer abc.def")
    assert JWT not in text and "ref-hip-secret-0001" not in text and "abc.def" not in text


def test_aadhaar_numbers_keep_only_their_last_four_digits():
    text = Masker().text("Aadhaar 2345 6789 0123, also 234567890123 and 2345-6789-0123")
    assert text == "Aadhaar XXXX XXXX 0123, also XXXXXXXX0123 and XXXX-XXXX-0123"


def test_abha_numbers_mobiles_and_ids_are_left_alone():
    text = "ABHA 91-1111-2222-3333, 91111122223333, mobile 9876543210, id 2f9a-123456789012"
    assert Masker().text(text) == text

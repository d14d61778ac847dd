"""Nothing secret or identifying leaves the harness unmasked, however it is spelled, and what is masked stays valid."""

from __future__ import annotations

import hashlib
import html
import json
import string
import time
from urllib.parse import quote, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from abdm_conformance.exchange import Direction, Exchange
from abdm_conformance.masking import MASK, MAX_DEPTH, SECRET_KEYS, TOO_DEEP, Masker
from abdm_conformance.results import scrub_files, write_evidence, write_results

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
SECRET = "ref-hip-secret-0001"
PROPERTY = settings(max_examples=200, derandomize=True, database=None, deadline=None)


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


def test_secret_keys_are_masked_in_json_kept_as_text():
    """A body too deep or too broken to parse is kept as text: its secret fields are masked all the same."""
    text = Masker().text('{"otp": "123456", "confirmation": {"TOKEN": 654321, "note": "a \\"quoted\\" otp"')
    assert text == '{"otp": "***", "confirmation": {"TOKEN": "***", "note": "a \\"quoted\\" otp"'


def test_tokens_and_known_secrets_are_masked_inside_free_text():
    text = Masker([SECRET]).text(f"echo {JWT} and {SECRET} and bearer abc.def")
    assert JWT not in text and SECRET not in text and "abc.def" not in text


def test_known_secrets_are_masked_in_any_case_and_encoding():
    forms = [SECRET.upper(), "Ref-Hip-SECRET-0001", quote("s3cr3t/&x", safe=""), html.escape("s3cr3t/&x")]
    text = Masker([SECRET, "s3cr3t/&x"]).text(" ".join(forms))
    assert text == " ".join([MASK] * len(forms))


def test_jwts_are_masked_when_percent_encoded_or_wrapped_keeping_the_lines():
    masker = Masker()
    assert masker.text(JWT.replace(".", "%2E")) == MASK
    assert masker.text(JWT.replace(".", "%252e")) == MASK
    assert masker.text(f"token: {JWT[:25]}\n    {JWT[25:]}\nnext") == f"token: {MASK}\n    {MASK}\n{MASK}"
    assert masker.text(json.dumps(f"{JWT[:2]}\n{JWT[2:]}")) == f'"{MASK}\\n{MASK}"'
    assert masker.text(json.dumps(f"trace:\n{JWT}")) == f'"trace:\\n{MASK}"'
    assert masker.text(f"?t%3D{JWT}") == f"?t%3D{MASK}"
    assert masker.text("surveyJson.items.count") == "surveyJson.items.count"


def test_aadhaar_numbers_keep_only_their_last_four_digits():
    text = Masker().text("Aadhaar 2345 6789 0123, also 234567890123 and 2345-6789-0123")
    assert text == "Aadhaar XXXX XXXX 0123, also XXXXXXXX0123 and XXXX-XXXX-0123"


def test_aadhaar_numbers_are_masked_whatever_separates_their_groups():
    written = ["2345 6789-0123", "2345.6789.0123", "2345\u00a06789\u00a00123", "2345  6789  0123", "2345 - 6789.0123"]
    masked = Masker().text(" | ".join([*written, "?uid=2345%206789%200123"]))
    expected = ["XXXX XXXX-0123", "XXXX.XXXX.0123", "XXXX\u00a0XXXX\u00a00123", "XXXX  XXXX  0123", "XXXX - XXXX.0123"]
    assert masked == " | ".join([*expected, "?uid=XXXX%20XXXX%200123"])


def test_an_aadhaar_number_written_as_a_json_number_becomes_a_masked_string():
    masked = json.dumps(Masker().data({"aadhaar": 234567890123, "again": 234567890123.0, "count": 12}))
    assert json.loads(masked) == {"aadhaar": "XXXXXXXX0123", "again": "XXXXXXXX0123", "count": 12}


def test_abha_numbers_mobiles_and_ids_are_left_alone():
    text = (
        "ABHA 91-1111-2222-3333, 91111122223333, mobile 9876543210, id 2f9a-123456789012, digest 5f123456789012ab, "
        "at 2026-12-04T15:15:08.123456+05:30, 1733325308123, 12.345678901234"
    )
    assert Masker().text(text) == text


def test_json_nested_deeper_than_the_limit_is_replaced_by_a_placeholder():
    masker = Masker()
    assert masker.data(_nested(MAX_DEPTH - 1, "2345 6789 0123")) == _nested(MAX_DEPTH - 1, "XXXX XXXX 0123")
    assert masker.data(_nested(MAX_DEPTH + 5, "x")) == _nested(MAX_DEPTH, TOO_DEEP)


def test_json_nested_10000_deep_is_written_as_valid_masked_files(tmp_path):
    """A hostile app's 10,000-deep answer: the evidence, results.json and the scrubbed files are written, valid."""
    deep_text = '{"a":' * 10_000 + "234567890123" + "}" * 10_000  # too deep to parse: kept as text
    deep_value = _nested(10_000, JWT)
    exchange = Exchange(1, Direction.TO_APP, "v3", "discover", "POST", "http://app/discover", {}, deep_text)
    exchange.response_text, exchange.gateway_error = deep_text, {"echo": deep_value}
    masker = Masker()
    evidence = tmp_path / write_evidence(tmp_path, "CASE_1", "deep answer", [exchange], masker)
    results = write_results(tmp_path, {"target": deep_value}, [], masker)
    (tmp_path / "junit.xml").write_text(f"<failure>{deep_text}</failure>")
    scrub_files(tmp_path, masker)

    written = json.loads(evidence.read_text())["exchanges"][0]
    assert written["response"]["body"] == deep_text.replace("234567890123", "XXXXXXXX0123")
    assert TOO_DEEP in json.dumps(written["gateway_error"]) and TOO_DEEP in json.dumps(json.loads(results.read_text()))
    assert "234567890123" not in (tmp_path / "junit.xml").read_text()
    assert not any(JWT in path.read_text() for path in tmp_path.rglob("*") if path.is_file())


def test_masking_is_linear_in_a_hostile_text():
    """A megabyte of near-tokens must not stall the run (a backtracking pattern would take hours)."""
    hostile = ("eyJ" + "a" * 50 + "\n") * 20_000 + "eyJa.bbbb" * 20_000 + "1234 " * 50_000
    started = time.monotonic()
    Masker([SECRET]).text(hostile)
    assert time.monotonic() - started < 10


# ---- property-based: generated spellings embedded in text and JSON ----

B64URL = string.ascii_letters + string.digits + "-_"
SECRET_CHARS = "".join(c for c in B64URL if c not in "xyzXYZ") + "!@#&'\"<>/"  # none of the WORDS around it
SEPARATORS = [" ", "-", ".", "\u00a0", "\u2009", "\u2011", "+", "%20"]
LINE_BREAKS = ["\n", "\r\n", "\n    ", "\t\n", "\\n", "\\r\\n", "&#10;"]
DOTS = [".", "%2E", "%2e", "%252E"]
# Text around a planted form, ending (starting) with a character that cannot belong to it.
WORDS = st.text("xyz ", max_size=8)
PREFIXES = st.one_of(st.just(""), st.builds(str.__add__, WORDS, st.sampled_from([*' \n:=("<>'])))
SUFFIXES = st.one_of(st.just(""), st.builds(str.__add__, st.sampled_from([*" .,;)\"'<", "%26"]), WORDS))


@st.composite
def aadhaar_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """An Aadhaar number as people and systems write it, and as it must come out: its last four digits only."""
    digits = draw(st.text("0123456789", min_size=12, max_size=12))
    if draw(st.booleans()):
        return digits, "XXXXXXXX" + digits[8:]
    gaps = [draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3).map("".join)) for _ in range(2)]
    return f"{digits[:4]}{gaps[0]}{digits[4:8]}{gaps[1]}{digits[8:]}", f"XXXX{gaps[0]}XXXX{gaps[1]}{digits[8:]}"


@st.composite
def jwts(draw: st.DrawFn) -> tuple[str, str]:
    """A JWT with its dots encoded and line breaks anywhere, and the same masked: each of its lines a mask."""
    header = "eyJ" + draw(st.text(B64URL, min_size=4, max_size=40))
    payload = draw(st.text(B64URL, min_size=4, max_size=60))
    units = [*header, draw(st.sampled_from(DOTS)), *payload, draw(st.sampled_from(DOTS)), *draw(st.text(B64URL))]
    where = draw(st.lists(st.integers(1, len(units) - 1), max_size=4, unique=True))
    breaks = {at: draw(st.sampled_from(LINE_BREAKS)) for at in where}
    written = "".join(breaks.get(at, "") + unit for at, unit in enumerate(units))
    return written, MASK + "".join(f"{line_break}{MASK}" for _, line_break in sorted(breaks.items()))


@st.composite
def known_secrets(draw: st.DrawFn) -> tuple[str, str, str]:
    """A known secret percent-encoded or escaped, in random case, in some text: the secret as the run knows it,
    the text, and the text masked."""
    secret = draw(st.text(SECRET_CHARS, min_size=8, max_size=24))
    encode = draw(st.sampled_from([str, lambda s: quote(s, safe=""), quote_plus, html.escape, _json_escaped]))
    written = _random_case(encode(secret), draw(st.integers(0, 2**200 - 1)))
    pre, post = draw(PREFIXES), draw(SUFFIXES)
    return secret, f"{pre} {written} {post}", f"{pre} {MASK} {post}"


def in_text(forms: st.SearchStrategy[tuple[str, str]]) -> st.SearchStrategy[tuple[str, str]]:
    """A written form and its masked form, embedded alike in some text."""
    return st.builds(lambda pre, form, post: (pre + form[0] + post, pre + form[1] + post), PREFIXES, forms, SUFFIXES)


def left_alone() -> st.SearchStrategy[str]:
    """Numbers and ids that look like Aadhaar numbers to a careless pattern: never masked."""
    abha = st.text("0123456789", min_size=14, max_size=14)
    return st.one_of(
        abha.map(lambda d: f"{d[:2]}-{d[2:6]}-{d[6:10]}-{d[10:]}"),
        abha,
        st.text("0123456789", min_size=10, max_size=10).map(lambda mobile: "+91-" + mobile),
        st.uuids().map(str),
        st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        st.integers(10**12, 10**13 - 1).map(str),  # epoch milliseconds
        st.binary(min_size=1).map(lambda b: hashlib.sha256(b).hexdigest()),
    )


@PROPERTY
@given(in_text(aadhaar_numbers()))
def test_property_aadhaar_numbers_keep_only_their_last_four_digits(case):
    written, masked = case
    assert Masker().text(written) == masked


@PROPERTY
@given(in_text(jwts()))
def test_property_jwts_are_masked_whole(case):
    written, masked = case
    assert Masker().text(written) == masked


@PROPERTY
@given(known_secrets())
def test_property_known_secrets_are_masked_in_any_case(case):
    known, written, masked = case
    assert Masker([known]).text(written) == masked


@PROPERTY
@given(in_text(left_alone().map(lambda value: (value, value))))
def test_property_abha_numbers_mobiles_ids_and_timestamps_are_left_alone(case):
    written, _ = case
    assert Masker().text(written) == written


def json_leaves() -> st.SearchStrategy[tuple[object, object]]:
    """A JSON value and what it must become: planted secrets and Aadhaar numbers masked, the rest unchanged."""
    unchanged = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(-1e6, 1e6),
        st.text("xyz "),
        left_alone(),
    ).map(lambda value: (value, value))
    aadhaar_integers = st.integers(10**11, 10**12 - 1).map(lambda n: (n, f"XXXXXXXX{n % 10_000:04d}"))
    secrets = st.builds(
        lambda pre, flips, post: (f"{pre} {_random_case(SECRET, flips)} {post}", f"{pre} {MASK} {post}"),
        PREFIXES,
        st.integers(0, 2**64 - 1),
        SUFFIXES,
    )
    return st.one_of(unchanged, aadhaar_integers, in_text(aadhaar_numbers()), in_text(jwts()), secrets)


KEYS = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6).filter(lambda key: key not in SECRET_KEYS)
DOCUMENTS = st.recursive(
    json_leaves(),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: ([v for v, _ in items], [m for _, m in items])),
        st.dictionaries(KEYS, children, max_size=4).map(
            lambda fields: ({k: v for k, (v, _) in fields.items()}, {k: m for k, (_, m) in fields.items()})
        ),
    ),
    max_leaves=12,
)


@PROPERTY
@given(DOCUMENTS)
def test_property_json_is_masked_structurally_and_stays_valid(document):
    written, expected = document
    masker = Masker([SECRET])
    masked = masker.data(written)
    assert masked == expected
    serialised = json.dumps(masked, indent=2, ensure_ascii=False)
    assert json.loads(serialised) == masked  # valid JSON, its numbers that were Aadhaar numbers now strings
    assert masker.text(serialised) == serialised  # the textual pass after it finds nothing left, breaks nothing


def _random_case(text: str, flips: int) -> str:
    """`text` with character i in the other case where bit i of `flips` is set."""
    return "".join(c.swapcase() if flips >> i & 1 else c for i, c in enumerate(text))


def _json_escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


def _nested(depth: int, leaf: object) -> object:
    """`leaf` inside `depth` lists, built without recursion."""
    for _ in range(depth):
        leaf = [leaf]
    return leaf

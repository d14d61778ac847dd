"""Masking of secrets and personal identifiers in everything the harness writes.

Reports are shared with agencies and attached to tickets, so tokens, client secrets,
OTPs and Aadhaar numbers must never reach them, whatever field, header or free text
an application puts them in (a hostile app may echo them anywhere), however it spells them.

JSON is masked structurally first (`Masker.data`: by key, a number that is an Aadhaar
number becomes a masked string, so the JSON stays valid), then every text by pattern
(`Masker.text`).
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "***"
# Deeper JSON is replaced, not walked: writing it (json.dumps) and reading it back recurse, and a hostile app
# may nest 10,000 levels. NHA's messages, FHIR bundles included, stay well within this.
MAX_DEPTH = 64
TOO_DEEP = f"<nested deeper than {MAX_DEPTH} levels: not shown>"

# Keys whose values are secret wherever they appear (compared case-insensitively).
SECRET_KEYS = frozenset(
    {
        "authorization",
        "x-token",
        "t-token",
        "r-token",
        "x-link-token",
        "accesstoken",
        "refreshtoken",
        "linktoken",
        "clientsecret",
        "client_secret",
        "token",  # link confirmation OTP
        "otp",
        "otpvalue",
        "authcode",
        "password",
    }
)

# A secret key's value in JSON kept as text (too deep or too broken to parse): masked by its key all the same.
_SECRET_FIELD = re.compile(
    rf'(?i)("(?:{"|".join(map(re.escape, sorted(SECRET_KEYS)))})"\s*:\s*)("[^"\\]*+(?:\\.[^"\\]*+)*+"|-?\d[\d.eE+-]*+)'
)

# A JWT may be wrapped over lines (a line break, raw or escaped as JSON or XML write it, with indentation)
# and its dots percent-encoded (%2E, twice: %252E); it is masked whole in every such form. It starts a word
# ("surveyJson.items.count" is none), or follows a percent-encoded character (%3D) or an escaped line break (\n).
_BREAK = r"(?:[ \t]*(?:\r\n|\r|\n|\\r\\n|\\n|\\r|&#1[03];|&#x[aAdD];)[ \t]*)"
_DOT = rf"{_BREAK}?(?:\.|%(?:25)?2[eE])"
_B64 = rf"(?:{_BREAK}?[\w-])"  # a base64url character, perhaps after a line break
_JWT_START = re.compile(rf"(?:(?<![^\W_])|(?<=%[\da-fA-F]{{2}})|(?<=\\[nrt]))e{_BREAK}?y{_BREAK}?J")
_JWT = re.compile(rf"{_JWT_START.pattern}{_B64}{{4,}}+{_DOT}{_B64}{{4,}}+{_DOT}{_B64}*+")
_SEGMENT = re.compile(rf"{_B64}++")
_LINE_BREAKS = re.compile(f"({_BREAK})")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[\w.~+/=%-]+")

# Twelve digits, run together or in groups of four split by spaces of any kind (not line breaks, but URL-encoded
# ones), hyphens, dashes or dots, mixed or up to three in a row ("2345 - 6789"). Not part of a longer number or word:
# not next to a letter or digit (hex digests; a URL's %3D before it is no letter), a hyphen (ABHA numbers
# 91-1234-5678-9012, a UUID's last group) or a decimal point.
_DASHES = r"\-\u2010-\u2015\u2212"
_GAP = rf"(?:[^\S\r\n]|[.+{_DASHES}]|%20|%[cC]2%[aA]0){{1,3}}"
_AADHAAR = re.compile(  # its first digit matched before looking behind it: the scan skips to digits, fast
    rf"\d(?:(?<![^\W_]\d)|(?<=%[\da-fA-F]{{2}}\d))(?<![{_DASHES}]\d)(?<!\d\.\d)"
    rf"(?:\d{{11}}|\d{{3}}{_GAP}\d{{4}}{_GAP}\d{{4}})"
    rf"(?![^\W_])(?![{_DASHES}])(?!\.\d)"
)


class Masker:
    """Masks by key, by pattern and by the exact secrets a run knows about."""

    def __init__(self, known_secrets: list[str] | tuple[str, ...] = ()):
        # Lower-cased: matched case-insensitively, each stands for all its case variants.
        self._secrets = {form.lower() for s in known_secrets if s and len(s) >= 4 for form in _spellings(s)}

    def text(self, value: str) -> str:
        value = self._mask_known_secrets(value)
        value = _SECRET_FIELD.sub(lambda m: f'{m.group(1)}"{MASK}"', value)
        value = _mask_jwts(value)  # before Bearer: a wrapped token is masked whole
        value = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)
        return _AADHAAR.sub(lambda m: _last_four_only(m.group()), value)

    def data(self, value: Any, depth: int = MAX_DEPTH) -> Any:
        """Mask a JSON-like structure: secret keys entirely, Aadhaar numbers written as numbers, every string
        (keys too) by pattern; what nests deeper than `depth` is replaced by a placeholder."""
        if isinstance(value, (dict, list, tuple)) and depth == 0:
            return TOO_DEEP
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self._field(k, v, depth - 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.data(item, depth - 1) for item in value]
        if isinstance(value, str):
            return self.text(value)
        if _is_aadhaar_number(value):
            return _last_four_only(f"{int(abs(value)):012d}")
        return value

    def _field(self, key: Any, value: Any, depth: int) -> Any:
        if isinstance(key, str) and key.lower() in SECRET_KEYS and isinstance(value, (str, int)):
            return MASK
        return self.data(value, depth)

    def _mask_known_secrets(self, value: str) -> str:
        lowered = value.lower()
        # Only the secrets present go into the pattern: a run knows hundreds of issued tokens.
        present = sorted((s for s in self._secrets if s in lowered), key=len, reverse=True)
        if not present:
            return value
        # Longest first, so a secret containing another is masked whole.
        return re.sub("|".join(map(re.escape, present)), MASK, value, flags=re.IGNORECASE)


@lru_cache(maxsize=4096)  # a run makes a masker for every report it writes, each knowing every issued token
def _spellings(secret: str) -> frozenset[str]:
    """A secret as it may reach a file: in any case (matched case-insensitively as well), percent-encoded,
    escaped in JSON, XML or HTML."""
    cases = {secret, secret.upper(), secret.lower(), secret.casefold()}
    encoders = (
        str,
        lambda s: quote(s, safe=""),
        quote_plus,
        lambda s: json.dumps(s)[1:-1],
        lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
        html.escape,
        lambda s: html.escape(s, quote=False),
    )
    return frozenset(encode(case) for case in cases for encode in encoders)


def _mask_jwts(text: str) -> str:
    """Every JWT masked, in time linear in the text: a hostile app may send a megabyte of base64 and "eyJ"."""
    pieces, done, pos = [], 0, 0
    while (start := _JWT_START.search(text, pos)) is not None:
        token = _JWT.match(text, start.start())
        if token is None:  # a token starting later in this segment would fail alike: skip the segment
            pos = _SEGMENT.match(text, start.start()).end()
            continue
        pieces += [text[done : token.start()], _mask_keeping_lines(token.group())]
        done = pos = token.end()
    return "".join(pieces) + text[done:]


def _mask_keeping_lines(token: str) -> str:
    """Each line of a wrapped token masked, its line breaks kept: the text around it keeps its layout."""
    parts = _LINE_BREAKS.split(token)  # lines at even places, the breaks between them at odd ones
    return "".join(MASK if i % 2 == 0 else part for i, part in enumerate(parts))


def _is_aadhaar_number(value: Any) -> bool:
    """A JSON number of twelve digits (234567890123, or 234567890123.0)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 10**11 <= abs(value) < 10**12
        and value == int(value)
    )


def _last_four_only(number: str) -> str:
    """Its digits X'd but the last four; a URL-encoded gap (%20) kept as it is."""
    return re.sub(r"(%[\da-fA-F]{2})|\d", lambda d: d.group(1) or "X", number[:-4]) + number[-4:]

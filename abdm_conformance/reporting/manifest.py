"""Tamper evidence for a run's output folder: a SHA-256 manifest of its files, optionally signed.

Whoever receives the folder (NHA's exit review, an auditor) can tell whether any file changed,
appeared or vanished after the testing party signed it, as with the OpenID conformance suite's
signed log exports. The Ed25519 signature covers the exact bytes of manifest.json, so the
manifest needs no canonical JSON form. The exit pack is a zip of the sealed folder; it verifies on its own,
read in place (never extracted), with the same comparison as the folder.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from abdm_conformance.reporting.errors import ReportError

ALGORITHM = "sha256"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
EXIT_PACK = "exit-pack.zip"
# The exit pack is a copy of the sealed folder, manifest included, so it cannot be listed in it.
UNLISTED = frozenset({MANIFEST, SIGNATURE, EXIT_PACK})
# What a pack may unpack to before it is refused unread: far above a run's folder, far below a zip bomb's claim.
MAX_PACK_BYTES = 4 * 2**30
# Deflate and store only: the pack is written deflated, and zipfile reads other methods in unbounded chunks.
_PACK_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# What reading a damaged, encrypted or truncated zip member raises.
_ZIP_READ_ERRORS = (OSError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error)


class _Malformed(Exception):
    """manifest.json parses but is not a manifest; the message says what is wrong."""


def write_manifest(out_dir: Path, signing_key: Path | None) -> Path:
    """Write out_dir/manifest.json and, with a PEM Ed25519 private key, out_dir/manifest.sig."""
    private_key = load_signing_key(signing_key) if signing_key is not None else None
    if not out_dir.is_dir():
        raise ReportError(f"output folder {out_dir} does not exist")
    document: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "files": {name: _digest(out_dir / name) for name in _listable(out_dir)},
    }
    if private_key is not None:
        document["signer"] = {"public_key": _public_key_text(private_key)}
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    path = out_dir / MANIFEST
    path.write_bytes(data)
    signature = out_dir / SIGNATURE
    if private_key is None:
        signature.unlink(missing_ok=True)  # a previous signature would contradict the new manifest
    else:
        signature.write_bytes(base64.b64encode(private_key.sign(data)))
    return path


def generate_signing_key(path: Path) -> str:
    """Write a new PEM Ed25519 private key readable by its owner only; return its base64 public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        # O_EXCL: replacing a signing key would orphan every manifest it signed.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ReportError(f"signing key {path} already exists; not replacing it") from None
    except OSError as error:
        raise ReportError(f"cannot write signing key {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return _public_key_text(key)


def verify_output(out_dir: Path, public_key: str | None = None) -> list[str]:
    """Problems found in out_dir against its manifest; empty when intact.

    With public_key (base64 raw Ed25519), the manifest must also be signed by that key.
    """
    expected = _expected_key(public_key) if public_key is not None else None
    return _verify(_Folder(out_dir), expected)


def verify_pack(pack: Path, public_key: str | None = None) -> list[str]:
    """Problems found in an exit pack against the manifest it holds; empty when intact. As verify_output."""
    expected = _expected_key(public_key) if public_key is not None else None
    try:
        with zipfile.ZipFile(pack) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_PACK_BYTES:
                return [f"{pack.name} unpacks to more than {MAX_PACK_BYTES} bytes; not checked"]
            return _verify(_Pack(archive), expected)
    except zipfile.BadZipFile:
        return [f"{pack.name} is not a zip archive"]
    except OSError as error:
        raise ReportError(f"{pack}: {error.strerror}") from None


def check_resealable(out_dir: Path, signing_key: Path | None) -> None:
    """ReportError unless out_dir's manifest can be written again without hiding a change or losing its signer.

    exit-pack writes the manifest again to cover the workbook; signing with another key is the deliberate act
    of `report --sign-key`, never a side effect of packing, so a pack made with the wrong key is refused.
    """
    key = load_signing_key(signing_key) if signing_key is not None else None
    path = out_dir / MANIFEST
    if not path.exists():
        return
    if problems := verify_output(out_dir):
        raise ReportError(f"{path} no longer matches the folder ({problems[0]}); write it again")
    _, signer = _parse(json.loads(path.read_bytes()))
    if signer is None:
        return
    if key is None:
        raise ReportError(f"{path} is signed; pass --sign-key with its key so that it stays signed")
    if _public_key_text(key) != signer:
        raise ReportError(
            f"{path} is signed by {signer}, not by {signing_key}; pass that key, "
            "or sign the folder again with `abdm-conformance report --sign-key` first"
        )


def sealed_files(out_dir: Path) -> list[str]:
    """What a copy of out_dir needs to verify on its own: every listed file, the manifest and its signature."""
    files, signer = _parse(json.loads((out_dir / MANIFEST).read_bytes()))
    return [*files, MANIFEST, *([SIGNATURE] if signer is not None else [])]


@dataclass(frozen=True)
class _Unusable:
    """A file that is there but cannot be checked; problem is the line that says so."""

    problem: str


class _Source(Protocol):
    """A sealed folder as the check sees it: the folder itself, or an exit pack holding a copy of it."""

    def read(self, name: str) -> bytes | _Unusable | None:
        """manifest.json's or manifest.sig's bytes; None when absent."""

    def digests(self) -> dict[str, str | _Unusable]:
        """Every file the manifest should list, by name."""


class _Folder:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, name: str) -> bytes | _Unusable | None:
        try:
            return (self.root / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return _Unusable(f"unreadable: {name}")

    def digests(self) -> dict[str, str | _Unusable]:
        return {name: self._digest(name) for name in _listable(self.root)}

    def _digest(self, name: str) -> str | _Unusable:
        try:
            return _digest(self.root / name)
        except OSError:
            return _Unusable(f"unreadable: {name}")


class _Pack:
    """An exit pack read in place: a member that could not be extracted as itself is a problem, never a path."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members: dict[str, zipfile.ZipInfo | _Unusable] = {}
        for member in archive.infolist():
            self._add(member)

    def _add(self, member: zipfile.ZipInfo) -> None:
        name = member.filename
        if member.is_dir() and _is_inside(name.rstrip("/")):
            return  # zip tools add folders; a folder holds nothing to hash
        if name in self.members:
            self.members[name] = _Unusable(f"duplicate member: {name}")  # unzip tools disagree on which one wins
        elif not _is_inside(name):
            self.members[name] = _Unusable(f"not a path inside the pack: {name}")
        elif stat.S_ISLNK(member.external_attr >> 16):
            self.members[name] = _Unusable(f"symlink: {name}")
        elif member.compress_type not in _PACK_METHODS:
            self.members[name] = _Unusable(f"neither stored nor deflated: {name}")
        else:
            self.members[name] = member

    def read(self, name: str) -> bytes | _Unusable | None:
        member = self.members.get(name)
        if not isinstance(member, zipfile.ZipInfo):
            return member
        try:
            return self.archive.read(member)
        except _ZIP_READ_ERRORS:
            return _Unusable(f"unreadable: {name}")

    def digests(self) -> dict[str, str | _Unusable]:
        listable = {name: member for name, member in self.members.items() if name not in (MANIFEST, SIGNATURE)}
        return {name: self._digest(member) for name, member in listable.items()}

    def _digest(self, member: zipfile.ZipInfo | _Unusable) -> str | _Unusable:
        if isinstance(member, _Unusable):
            return member
        try:
            with self.archive.open(member) as file:
                return hashlib.file_digest(file, ALGORITHM).hexdigest()
        except _ZIP_READ_ERRORS:
            return _Unusable(f"unreadable: {member.filename}")


def _verify(source: _Source, expected: Ed25519PublicKey | None) -> list[str]:
    data = source.read(MANIFEST)
    if data is None:
        return [f"missing: {MANIFEST}"]
    if isinstance(data, _Unusable):
        return [data.problem]
    try:
        files, signer = _parse(json.loads(data))
    except (ValueError, RecursionError):
        return [f"{MANIFEST} is not valid JSON"]
    except _Malformed as error:
        return [f"{MANIFEST} is malformed: {error}"]
    return _file_problems(files, source.digests()) + _signature_problems(source, data, signer, expected)


def _parse(document: Any) -> tuple[dict[str, str], str | None]:
    """The listed files and the signer's public key (None when unsigned)."""
    if not isinstance(document, dict):
        raise _Malformed("not a JSON object")
    if document.get("algorithm") != ALGORITHM:
        raise _Malformed(f"algorithm is not {ALGORITHM!r}")
    files = document.get("files")
    if not isinstance(files, dict) or not all(isinstance(d, str) for d in files.values()):
        raise _Malformed("'files' is not an object of path: digest")
    signer = document.get("signer")
    if signer is None:
        return files, None
    if not isinstance(signer, dict) or not isinstance(signer.get("public_key"), str):
        raise _Malformed("'signer' has no public_key string")
    return files, signer["public_key"]


def _file_problems(files: dict[str, str], found: dict[str, str | _Unusable]) -> list[str]:
    problems = []
    for name, digest in files.items():
        actual = found.get(name)
        if not _is_inside(name):
            problems.append(f"not a path inside the folder: {name}")
        elif actual is None:
            problems.append(f"missing: {name}")
        elif isinstance(actual, _Unusable):
            problems.append(actual.problem)
        elif actual != digest:
            problems.append(f"altered: {name}")
    for name, actual in found.items():
        if name not in files:
            problems.append(actual.problem if isinstance(actual, _Unusable) else f"added: {name}")
    return problems


def _is_inside(name: str) -> bool:
    """A relative POSIX path in normal form: it names the same file under the folder on every system."""
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.as_posix() == name and "\\" not in name


def _signature_problems(
    source: _Source, data: bytes, signer: str | None, expected: Ed25519PublicKey | None
) -> list[str]:
    signature = source.read(SIGNATURE)
    if isinstance(signature, _Unusable):
        return [signature.problem]
    if signer is None and signature is None:
        # An unsigned manifest is legitimate; it only falls short when a signature was expected.
        return [f"{MANIFEST} is not signed"] if expected is not None else []
    if expected is not None and (signer is None or _decode(signer) != _raw(expected)):
        return [f"{MANIFEST} is signed by another key ({signer or 'none named'}), not the expected one"]
    if signature is None:
        return [f"missing: {SIGNATURE}"]
    key = expected or _signer_key(signer)
    if key is None:
        return [f"{MANIFEST} names no valid Ed25519 signer key"]
    if not _verifies(key, _decode(signature), data):
        return [f"signature does not match {MANIFEST}"]
    return []


def _verifies(key: Ed25519PublicKey, signature: bytes | None, data: bytes) -> bool:
    if signature is None:
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _listable(out_dir: Path) -> list[str]:
    names = (path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*") if path.is_file())
    return sorted(name for name in names if name not in UNLISTED)


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, ALGORITHM).hexdigest()


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The testing party's Ed25519 key; ReportError naming the file if it cannot be used."""
    try:
        pem = path.read_bytes()
    except OSError as error:
        raise ReportError(f"signing key {path}: {error.strerror}") from None
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise ReportError(f"signing key {path} is encrypted; give an unencrypted PEM key") from None
    except (ValueError, UnsupportedAlgorithm):
        raise ReportError(f"signing key {path} is not a PEM private key (PKCS#8 or OpenSSL)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ReportError(f"signing key {path} is not an Ed25519 key ({type(key).__name__})")
    return key


def _expected_key(text: str) -> Ed25519PublicKey:
    key = _signer_key(text)
    if key is None:
        raise ReportError("the expected public key is not a base64 raw Ed25519 public key (32 bytes)")
    return key


def _signer_key(text: str | None) -> Ed25519PublicKey | None:
    raw = _decode(text) if text is not None else None
    if raw is None:
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:  # not 32 bytes
        return None


def _decode(text: str | bytes) -> bytes | None:
    """Strict base64: anything but the canonical encoding (no whitespace, no stray bits) is None,
    so that every changed byte of manifest.sig is noticed."""
    encoded = text.encode() if isinstance(text, str) else text
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw) == encoded else None


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(_raw(key.public_key())).decode()

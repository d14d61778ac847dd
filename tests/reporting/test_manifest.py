"""The manifest notices every changed, added or missing file, and a manifest signed by someone else, in the folder
or in an exit pack holding a copy of it."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.manifest import generate_signing_key, verify_output, verify_pack, write_manifest

FILES = {
    "results.json": '{"run": {"target": {"bridge_url": "https://hip.example"}}, "cases": []}\n',
    "junit.xml": '<testsuites tests="1"/>\n',
    "report.html": "<!doctype html><title>ABDM conformance</title>\n",
    "evidence/USER_INIT_LINK_603/discovery.json": '{"case": "USER_INIT_LINK_603", "exchanges": []}\n',
    "allure-results/0f1e-result.json": '{"status": "passed"}\n',
}


def make_output(folder: Path) -> Path:
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


@pytest.fixture
def key(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "signing-key.pem"
    return path, generate_signing_key(path)


@pytest.fixture
def signed(tmp_path, key) -> Path:
    out = make_output(tmp_path / "out")
    write_manifest(out, key[0])
    return out


def test_a_signed_manifest_lists_every_file_and_verifies(signed, key):
    manifest = json.loads((signed / "manifest.json").read_bytes())
    assert manifest == {
        "algorithm": "sha256",
        "files": {name: hashlib.sha256(FILES[name].encode()).hexdigest() for name in sorted(FILES)},
        "signer": {"public_key": key[1]},
    }
    assert len(base64.b64decode((signed / "manifest.sig").read_bytes(), validate=True)) == 64
    assert verify_output(signed) == []
    assert verify_output(signed, key[1]) == []


@pytest.mark.parametrize("name", [*FILES, "manifest.json", "manifest.sig"])
def test_every_changed_byte_of_every_file_is_named(signed, name):
    path = signed / name
    original = path.read_bytes()
    # Either the file's name or, for manifest.sig, the signature is what the user must be told about.
    expected = "signature" if name == "manifest.sig" else name
    for position in range(len(original)):
        changed = bytearray(original)
        changed[position] ^= 0x01
        path.write_bytes(changed)
        problems = verify_output(signed)
        assert any(expected in problem for problem in problems), (position, problems)
    path.write_bytes(original)
    assert verify_output(signed) == []


def test_an_altered_file_is_named_as_altered(signed):
    (signed / "evidence/USER_INIT_LINK_603/discovery.json").write_text('{"exchanges": ["forged"]}\n')
    assert verify_output(signed) == ["altered: evidence/USER_INIT_LINK_603/discovery.json"]


def test_a_file_added_after_signing_is_named(signed):
    (signed / "evidence/USER_INIT_LINK_603/extra.json").write_text("{}")
    assert verify_output(signed) == ["added: evidence/USER_INIT_LINK_603/extra.json"]


@pytest.mark.parametrize("name", list(FILES))
def test_a_deleted_file_is_named(signed, name):
    (signed / name).unlink()
    assert verify_output(signed) == [f"missing: {name}"]


def test_a_missing_manifest_or_signature_is_named(signed, key):
    (signed / "manifest.sig").unlink()
    assert verify_output(signed, key[1]) == ["missing: manifest.sig"]
    (signed / "manifest.json").unlink()
    assert verify_output(signed, key[1]) == ["missing: manifest.json"]


def test_a_manifest_re_signed_by_another_key_fails_only_against_the_expected_key(signed, key, tmp_path):
    (signed / "results.json").write_text('{"run": {}, "cases": [], "forged": true}\n')
    other = tmp_path / "other.pem"
    generate_signing_key(other)
    write_manifest(signed, other)
    assert verify_output(signed) == []  # self-consistent: only the expected key can tell
    [problem] = verify_output(signed, key[1])
    assert "signed by another key" in problem


def test_stripping_the_signature_is_noticed_when_a_key_is_expected(signed, key):
    manifest = json.loads((signed / "manifest.json").read_bytes())
    del manifest["signer"]
    (signed / "manifest.json").write_text(json.dumps(manifest))
    (signed / "manifest.sig").unlink()
    assert verify_output(signed) == []
    assert verify_output(signed, key[1]) == ["manifest.json is not signed"]


def test_an_unsigned_manifest_checks_digests_and_is_unsigned_only_when_a_key_was_expected(signed, key):
    write_manifest(signed, None)
    assert not (signed / "manifest.sig").exists()  # the old signature would contradict it
    assert "signer" not in json.loads((signed / "manifest.json").read_bytes())
    assert verify_output(signed) == []
    assert verify_output(signed, key[1]) == ["manifest.json is not signed"]
    (signed / "junit.xml").write_text("<testsuites/>")
    assert verify_output(signed) == ["altered: junit.xml"]


def test_a_rerun_exit_pack_is_not_an_added_file(signed):
    (signed / "exit-pack.zip").write_bytes(b"PK")
    assert verify_output(signed) == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[" * 100_000,
        b"[]",
        b'{"algorithm": "md5", "files": {}}',
        b'{"algorithm": "sha256", "files": []}',
        b'{"algorithm": "sha256", "files": {"results.json": 1}}',
        b'{"algorithm": "sha256", "files": {}, "signer": "me"}',
        b'{"algorithm": "sha256", "files": {}, "signer": {"public_key": 7}}',
        b'{"algorithm": "sha256", "files": {}, "signer": {"public_key": "not base64!"}}',
        b'{"algorithm": "sha256", "files": {"../../etc/passwd": "00"}}',
        b'{"algorithm": "sha256", "files": {"/etc/passwd": "00"}}',
        b'{"algorithm": "sha256", "files": {"evidence": "00"}}',
    ],
)
def test_a_malformed_manifest_is_a_problem_not_an_exception(signed, content):
    (signed / "manifest.json").write_bytes(content)
    problems = verify_output(signed)
    assert problems and all(isinstance(problem, str) for problem in problems)


def test_a_malformed_expected_public_key_is_a_user_error(signed):
    with pytest.raises(ReportError, match="base64 raw Ed25519"):
        verify_output(signed, "not-a-key")


def _pem(private_key, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        (b"just some text", "not a PEM private key"),
        (ed25519.Ed25519PrivateKey.generate().private_bytes_raw(), "not a PEM private key"),
        (_pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)), "not an Ed25519 key"),
        (_pem(ec.generate_private_key(ec.SECP256R1())), "not an Ed25519 key"),
        (_pem(ed25519.Ed25519PrivateKey.generate(), b"secret"), "encrypted"),
    ],
    ids=["missing", "text", "raw-bytes", "rsa", "ec", "encrypted"],
)
def test_a_bad_signing_key_is_a_one_line_error(tmp_path, content, message):
    out = make_output(tmp_path / "out")
    key = tmp_path / "key.pem"
    if content is not None:
        key.write_bytes(content)
    with pytest.raises(ReportError, match=message) as raised:
        write_manifest(out, key)
    assert "\n" not in str(raised.value)
    assert not (out / "manifest.json").exists()


def test_a_generated_key_is_private_to_its_owner_and_never_replaced(key):
    path, public_key = key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(base64.b64decode(public_key)) == 32
    with pytest.raises(ReportError, match="already exists"):
        generate_signing_key(path)


def pack_of(folder: Path, extra: dict[str, bytes] | None = None) -> Path:
    """The folder zipped whole as the exit pack is, with extra members written after it."""
    pack = folder.parent / "pack.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return pack


def test_a_pack_of_the_signed_folder_verifies_on_its_own(signed, key):
    assert verify_pack(pack_of(signed), key[1]) == []


def test_a_pack_names_what_is_missing_added_or_unsigned(signed, key, tmp_path):
    (signed / "junit.xml").unlink()
    (signed / "manifest.sig").unlink()
    assert verify_pack(pack_of(signed, {"evidence/extra.json": b"{}"}), key[1]) == [
        "missing: junit.xml",
        "added: evidence/extra.json",
        "missing: manifest.sig",
    ]
    (signed / "manifest.json").unlink()
    assert verify_pack(pack_of(signed)) == ["missing: manifest.json"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../../etc/cron.d/evil", "not a path inside the pack: ../../etc/cron.d/evil"),
        ("/etc/passwd", "not a path inside the pack: /etc/passwd"),
        ("evidence/../../escape", "not a path inside the pack: evidence/../../escape"),
        ("evidence\\..\\..\\escape", "not a path inside the pack: evidence\\..\\..\\escape"),
        ("./results.json", "not a path inside the pack: ./results.json"),
        ("results.json", "duplicate member: results.json"),
        ("manifest.json", "duplicate member: manifest.json"),
    ],
)
def test_a_member_that_cannot_be_extracted_as_itself_is_refused(signed, name, problem):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate it is asked to write
        pack = pack_of(signed, {name: b"{}"})
    assert problem in verify_pack(pack)


def test_a_symlink_member_is_refused(signed):
    link = zipfile.ZipInfo("evidence/link.json")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    pack = pack_of(signed)
    with zipfile.ZipFile(pack, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    assert verify_pack(pack) == ["symlink: evidence/link.json"]


def test_a_pack_that_unpacks_too_large_is_not_read(signed, monkeypatch):
    monkeypatch.setattr("abdm_conformance.reporting.manifest.MAX_PACK_BYTES", 100)
    [problem] = verify_pack(pack_of(signed))
    assert problem == "pack.zip unpacks to more than 100 bytes; not checked"


def test_a_damaged_pack_is_a_problem_not_an_exception(signed, tmp_path):
    pack = pack_of(signed)
    data = pack.read_bytes()
    pack.write_bytes(data[: len(data) // 2])
    assert verify_pack(pack) == ["pack.zip is not a zip archive"]
    not_zip = tmp_path / "exit-pack.zip"
    not_zip.write_text("hello")
    assert verify_pack(not_zip) == ["exit-pack.zip is not a zip archive"]

"""Writes every schema of schemas/v3/, schemas/v0.5/ and schemas/abha-v3/ from NHA's documents in schemas/nha/.

    python schemas/regenerate.py

One file per message, as before. NHA often documents a message more than once (the same path in the gateway's
and the HIP's/HIU's 0.5 specification; several v3 pages of one endpoint; the v3 link-token and profile-share
OpenAPI files beside the pages): each copy becomes a `$defs` entry citing its document, and the file accepts a
body valid under ANY copy (`anyOf`, the preferred copy first). OpenAPI 3.0 is converted to JSON Schema 2020-12:
`$ref`s are resolved into `$defs`, `nullable` becomes a null type (and null is refused elsewhere), `example`
becomes `examples`; only the formats JSON Schema defines are kept. Where NHA contradicts itself,
schemas/overrides.json changes the generated copy, each change with its reason and NHA source; messages NHA
publishes no body for take a minimal schema from that file and are marked `x-harness-only`.
Nothing here is edited by hand: change overrides.json or this script and run it again.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from abdm_conformance.protocol import V05, V3, Api  # noqa: E402
from abdm_conformance.schemas import ABHA, abha_message  # noqa: E402

NHA = ROOT / "nha"
OVERRIDES = ROOT / "overrides.json"
DIGEST = "abdm-v3-endpoints.json"
V05_DOCUMENTS = ("ndhm-gateway-v1.yml", "ndhm-hip.yml", "ndhm-hiu.yml")
JSON_SCHEMA_FORMATS = {"date-time", "date", "time", "email", "uuid", "uri", "hostname", "ipv4", "ipv6"}
# OpenAPI keywords with no JSON Schema meaning, and words that only explain (kept out so diffs stay readable)
DROPPED_KEYWORDS = {
    "description",
    "title",
    "xml",
    "discriminator",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "example",
    "$schema",
}

# Messages whose endpoint is not in protocol.py's path tables.
V3_EXTRA_PATHS = {
    "session-request": ["/api/hiecm/gateway/v3/sessions"],
    "data-push": ["/health-information/transfer", "/api-hiu/data/notification"],  # HIP → HIU, off the gateway
    "hiu-hi-notify": ["/api/hiecm/data-flow/v3/health-information/notify"],  # the HIU's, on the HIP's path
}
V3_YML_PATHS = {  # the v3 OpenAPI files NHA publishes beside the pages
    "generate-token": [("HIECM-LinkTokenService.yml", "/v3/token/generate-token")],
    "on-generate-token": [("HIECM-LinkTokenService.yml", "/{callback_url}/v3/hip/token/on-generate-token")],
    "profile-share": [("HIE_CM_Profile_Share.yml", "/{callback_url}/v3/hip/patient/profile/share")],
    "on-profile-share": [("HIE_CM_Profile_Share.yml", "/v3/patient/profile/on-share")],
}
V05_EXTRA_PATHS = {
    "session-request": ["/v0.5/sessions"],
    "data-push": ["/v0.5/health-information/transfer"],
    "hiu-hi-notify": ["/v0.5/health-information/notify"],  # the HIU's, on the HIP's path
    # the 0.5 variants of the v1.0 profile share the harness speaks: NHA's Postman collection uses them
    "profile-share": ["/v0.5/patients/profile/share"],
    "on-profile-share": ["/v0.5/patients/profile/on-share"],
}
V05_RESPONSES = {"session-response": ("/v0.5/sessions", "200")}
V05_COMPONENTS = {"gateway-error": "ErrorResponse"}


@dataclass(frozen=True)
class Copy:
    """One NHA definition of a message's body."""

    name: str  # its $defs key
    source: str  # the citation of NHA's public document
    schema: dict[str, Any]
    components: dict[str, Any]  # $defs it refers to
    examples: tuple[Any, ...] = ()  # NHA's examples of the whole body


# ---- OpenAPI 3.0 → JSON Schema 2020-12 ----


def _ref_name(document: str, ref: str) -> str:
    return f"{Path(document).stem}.{ref.rsplit('/', 1)[-1]}"


def convert(node: Any, document: str, spec: dict[str, Any], components: dict[str, Any]) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema 2020-12; components it refers to are added to `components`."""
    if isinstance(node, list):
        return [convert(item, document, spec, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = _ref_name(document, node["$ref"])
        if name not in components:
            components[name] = {}  # reserved first: components can refer to themselves
            target = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            components[name] = convert(target, document, spec, components)
        converted: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    else:
        converted = {}
        for key, value in node.items():
            if key in DROPPED_KEYWORDS or key.startswith("x-"):
                continue
            if key == "format" and value not in JSON_SCHEMA_FORMATS:
                continue
            if key in ("properties", "patternProperties", "$defs"):
                converted[key] = {name: convert(sub, document, spec, components) for name, sub in value.items()}
            elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
                if value:  # OpenAPI 3.0's boolean form qualifies minimum/maximum
                    bound = "minimum" if key == "exclusiveMinimum" else "maximum"
                    converted[key] = node[bound]
            else:
                converted[key] = convert(value, document, spec, components)
        if "exclusiveMinimum" in converted and node.get("exclusiveMinimum") is True:
            converted.pop("minimum", None)
        if "exclusiveMaximum" in converted and node.get("exclusiveMaximum") is True:
            converted.pop("maximum", None)
        if "example" in node:
            converted["examples"] = [node["example"]]
    if node.get("nullable") is True:
        return _nullable(converted)
    return converted


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if isinstance(schema.get("type"), str) and "$ref" not in schema:
        schema = {**schema, "type": [schema["type"], "null"]}
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def strip_digest(node: Any) -> Any:
    """A digest body without its explanatory and extraction keys (x-pattern-on-non-string marks a pattern NHA
    put on a non-string, which JSON Schema would ignore anyway)."""
    if isinstance(node, list):
        return [strip_digest(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: ({n: strip_digest(s) for n, s in value.items()} if key == "properties" else strip_digest(value))
        for key, value in node.items()
        if key not in DROPPED_KEYWORDS and not key.startswith("x-")
    }


# ---- NHA's documents ----


@functools.cache
def yml(name: str) -> dict[str, Any]:
    return yaml.safe_load((NHA / name).read_text(encoding="utf-8"))


@functools.cache
def digest() -> dict[str, Any]:
    return json.loads((NHA / DIGEST).read_text(encoding="utf-8"))


def _yml_citation(document: str, what: str) -> str:
    info = yml(document)["info"]
    return f"NHA OpenAPI '{info['title']}' version {info['version']} ({document}), {what}"


def yml_request_copy(document: str, path: str, method: str = "post") -> Copy | None:
    spec = yml(document)
    operation = spec["paths"].get(path, {}).get(method)
    if not operation or "requestBody" not in operation:
        return None
    media = operation["requestBody"]["content"].get("application/json")
    components: dict[str, Any] = {}
    schema = convert(media["schema"], document, spec, components)
    examples = tuple(e["value"] for e in (media.get("examples") or {}).values() if "value" in e)
    if "example" in media:
        examples += (media["example"],)
    name = f"{Path(document).stem}{'.v0.5' if path.startswith('/v0.5/patients/profile') else ''}"
    return Copy(name, _yml_citation(document, f"{method.upper()} {path} request body"), schema, components, examples)


def yml_response_copy(document: str, path: str, status: str) -> Copy | None:
    spec = yml(document)
    operation = spec["paths"].get(path, {}).get("post")
    content = (operation or {}).get("responses", {}).get(status, {}).get("content", {})
    if "application/json" not in content:
        return None
    components: dict[str, Any] = {}
    schema = convert(content["application/json"]["schema"], document, spec, components)
    citation = _yml_citation(document, f"POST {path} response {status}")
    return Copy(Path(document).stem, citation, schema, components)


def yml_component_copy(document: str, component: str) -> Copy | None:
    spec = yml(document)
    if component not in spec.get("components", {}).get("schemas", {}):
        return None
    components: dict[str, Any] = {}
    schema = convert({"$ref": f"#/components/schemas/{component}"}, document, spec, components)
    citation = _yml_citation(document, f"components/schemas/{component}")
    return Copy(Path(document).stem, citation, schema, components)


def _page_name(page: dict[str, Any], taken: set[str]) -> str:
    parts = page["source"]["path"].removesuffix(".md").split("/")
    name = parts[-1]
    return name if name not in taken else f"{parts[-2]}.{name}"


def digest_copies(paths: list[str]) -> list[Copy]:
    """Every page documenting one of these paths that has a body, the preferred page first."""
    pages = [p for p in digest()["endpoints"] if p["method"] == "POST" and p["path_normalised"] in paths]
    pages.sort(key=lambda p: (paths.index(p["path_normalised"]), not p["preferred"]))
    copies: list[Copy] = []
    for page in pages:
        if not page.get("body"):
            continue
        source = page["source"]
        citation = (
            f"NHA ABDM v3 API page {source['path'].removeprefix('docs/abdm-docs-mirror/pages/')}"
            f" ({'preferred page' if page['preferred'] else 'variant page'}), POST {page['path']};"
            f" read from the {source['repo']} mirror of NHA's pages at {source['commit'][:12]}"
        )
        example = page.get("example")
        examples = (example,) if isinstance(example, dict) else ()
        name = _page_name(page, {c.name for c in copies})
        copies.append(Copy(name, citation, strip_digest(page["body"]), {}, examples))
    return copies


# ---- messages → NHA's copies ----


def _api_paths(api: Api, message: str) -> list[str]:
    if message in api.bridge_paths:
        return [api.bridge_paths[message]]
    if message in api.gateway_paths:
        return [api.gateway_prefix + api.gateway_paths[message]]
    return []


def v3_copies(message: str) -> list[Copy]:
    paths = _api_paths(V3, message) or V3_EXTRA_PATHS.get(message, [])
    copies = digest_copies(paths)
    for document, path in V3_YML_PATHS.get(message, []):
        found = yml_request_copy(document, path)
        if found:
            copies.append(found)
    return copies


def v05_copies(message: str) -> list[Copy]:
    """The gateway's document first for what the gateway takes, the HIP's and HIU's first for what they take."""
    if message in V05_RESPONSES:
        found = [yml_response_copy(d, *V05_RESPONSES[message]) for d in V05_DOCUMENTS]
    elif message in V05_COMPONENTS:
        found = [yml_component_copy(d, V05_COMPONENTS[message]) for d in V05_DOCUMENTS]
    else:
        documents = V05_DOCUMENTS if message not in V05.bridge_paths else (*V05_DOCUMENTS[1:], V05_DOCUMENTS[0])
        paths = [p for p in (V05.bridge_paths.get(message), V05.gateway_paths.get(message)) if p]
        paths += V05_EXTRA_PATHS.get(message, [])
        found = [yml_request_copy(d, p) for p in paths for d in documents]
    return [c for c in found if c]


def abha_copies(message: str) -> list[Copy]:
    """ABHA's pages for the path this message names (v3, then its v3.1 variant), then the enrolment OpenAPI."""
    paths = sorted(
        {p["path_normalised"] for p in digest()["endpoints"] if p["path_normalised"].startswith("/abha/api/v3")},
    )
    named = [p for p in paths if abha_message(re.sub(r"^/abha/api/v3(\.1)?/", "/v3/", p)) == message]
    named.sort(key=lambda p: "/v3.1/" in p)
    copies = digest_copies(named)
    for path in yml("abha_enrollment_api.yml")["paths"]:
        if abha_message(path) == message:
            found = yml_request_copy("abha_enrollment_api.yml", path)
            if found:
                copies.append(found)
    return copies


COPIES = {"v3": v3_copies, "v0.5": v05_copies, ABHA: abha_copies}


# ---- overrides ----


def overrides() -> dict[str, Any]:
    return json.loads(OVERRIDES.read_text(encoding="utf-8"))


def _pointer_parts(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")] if pointer else []


def _resolve(document: Any, pointer: str) -> Any:
    for part in _pointer_parts(pointer):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def apply_override(schema: dict[str, Any], override: dict[str, Any]) -> None:
    """Changes the generated file in place; a pointer that no longer resolves is an error, not a silent skip."""
    where = f"{override['set']} {override['message']} {override.get('pointer', '')}"
    if "replace" in override:
        *parent, last = _pointer_parts(override["pointer"])
        target = _resolve(schema, "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parent))
        if last not in target:
            raise KeyError(f"override target missing: {where}")
        target[last] = override["replace"]
    if "merge" in override:
        _resolve(schema, override["pointer"]).update(override["merge"])
    if "drop_required" in override:
        target = _resolve(schema, override["pointer"])
        missing = set(override["drop_required"]) - set(target.get("required", []))
        if missing:
            raise KeyError(f"override drops names not required: {where} {sorted(missing)}")
        target["required"] = [n for n in target["required"] if n not in override["drop_required"]]
        if not target["required"]:
            del target["required"]


# ---- files ----


def message_file(schema_set: str, message: str, copies: list[Copy]) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for found in copies:
        defs.update(found.components)
        defs[found.name] = {"$comment": found.source, **found.schema}
        if found.examples:
            defs[found.name]["examples"] = list(found.examples)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:abdm-conformance:schema:{schema_set}:{message}",
        "$comment": "Generated by schemas/regenerate.py from NHA's documents (schemas/nha/PROVENANCE.md); do not"
        " edit. A body is valid if any of NHA's copies accepts it: " + " | ".join(c.source for c in copies),
        "title": f"{schema_set} {message}",
        "anyOf": [{"$ref": f"#/$defs/{c.name}"} for c in copies],
        "$defs": defs,
    }


def harness_only_file(schema_set: str, message: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:abdm-conformance:schema:{schema_set}:{message}",
        "$comment": f"Generated by schemas/regenerate.py; NHA publishes no body for it: {entry['reason']}"
        f" (source: {entry['source']}). Findings are warnings, never failures.",
        "title": f"{schema_set} {message} (harness only)",
        "x-harness-only": True,
        **entry["schema"],
    }


def message_names(schema_set: str) -> list[str]:
    return sorted(path.stem for path in (ROOT / schema_set).glob("*.json"))


def build(schema_set: str, message: str, with_overrides: bool = True) -> dict[str, Any]:
    """The message's schema file; without overrides: NHA's copies exactly as converted."""
    config = overrides()
    harness_only = {(e["set"], e["message"]): e for e in config["harness_only"]}
    if (schema_set, message) in harness_only:
        return harness_only_file(schema_set, message, harness_only[(schema_set, message)])
    copies = COPIES[schema_set](message)
    if not copies:
        raise LookupError(f"NHA documents no body for {schema_set} {message}; add it to harness_only")
    schema = message_file(schema_set, message, copies)
    if with_overrides:
        for override in config["overrides"]:
            if (override["set"], override.get("message")) == (schema_set, message) and "pointer" in override:
                apply_override(schema, override)
    return schema


def iter_messages() -> Iterator[tuple[str, str]]:
    for schema_set in COPIES:
        for message in message_names(schema_set):
            yield schema_set, message


def main() -> None:
    for schema_set, message in iter_messages():
        schema = build(schema_set, message)
        text = json.dumps(schema, indent=1, ensure_ascii=False) + "\n"
        (ROOT / schema_set / f"{message}.json").write_text(text, encoding="utf-8")
        copies = "harness only" if schema.get("x-harness-only") else f"{len(schema['anyOf'])} NHA copies"
        print(f"{schema_set}/{message}.json: {copies}")


if __name__ == "__main__":
    main()

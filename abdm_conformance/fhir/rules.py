"""The document rules a parsed Bundle is held to, one plain function per rule.

Sources (shared/reference/fidelius-and-fhir.md): §B3 DocumentBundle and the R4 bdl invariants,
§B4 Composition and Patient, §B2 the fixed Composition.type per record. Cardinalities the IG
states are errors; must-support, display text and the rules only seen in 2.0 or an unverified
6.5.0 digest are warnings (§B6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from abdm_conformance.fhir.findings import FhirFinding, error, show, warning
from abdm_conformance.fhir.profiles import (
    COMPOSITION_STATUSES,
    HI_TYPES,
    PROFILE_NAMES_BY_URL,
    REFERENCE_TARGETS,
    SNOMED,
    RecordProfile,
)
from abdm_conformance.fhir.references import BundleIndex, Entry, as_array, as_object, iter_references, resolves_locally

_PROFILE_BY_TYPE_CODE = {
    profile.type_coding.code: profile.name for profile in HI_TYPES.values() if profile.type_coding is not None
}


@dataclass(frozen=True)
class Record:
    """A Bundle under validation as one hiType."""

    bundle: dict[str, Any]
    hi_type: str
    profile: RecordProfile
    index: BundleIndex
    composition: Entry | None  # the first entry, or failing that (bdl-11) the first Composition anywhere

    @classmethod
    def of(cls, bundle: dict[str, Any], hi_type: str) -> Record:
        index = BundleIndex(bundle)
        compositions = (entry for entry in index.entries if entry.resource_type == "Composition")
        return cls(bundle, hi_type, HI_TYPES[hi_type], index, next(compositions, None))


def _missing(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


# --- Bundle (DocumentBundle, R4 bdl invariants) ---


def bundle_type(record: Record) -> Iterator[FhirFinding]:
    found = record.bundle.get("type")
    if found != "document":
        yield error(
            "Bundle.type", "DocumentBundle.type", f"expected type 'document' for a health record; found {show(found)}"
        )


def bundle_identifier(record: Record) -> Iterator[FhirFinding]:
    identifier = record.bundle.get("identifier")
    if _missing(identifier):
        yield error(
            "Bundle.identifier",
            "DocumentBundle.identifier",
            "expected identifier (1..1) with system and value; found none",
        )
        return
    for part in ("system", "value"):
        if _missing(as_object(identifier).get(part)):
            yield error(f"Bundle.identifier.{part}", "bdl-9", f"a document Bundle needs identifier.{part}; found none")


def bundle_timestamp(record: Record) -> Iterator[FhirFinding]:
    if _missing(record.bundle.get("timestamp")):
        yield error("Bundle.timestamp", "bdl-10", "a document Bundle needs a timestamp; found none")


def bundle_version(record: Record) -> Iterator[FhirFinding]:
    if _missing(as_object(record.bundle.get("meta")).get("versionId")):
        yield error(
            "Bundle.meta.versionId", "DocumentBundle.meta.versionId", "expected meta.versionId (1..1); found none"
        )


def entry_resources(record: Record) -> Iterator[FhirFinding]:
    for entry in record.index.entries:
        if not entry.resource:
            yield error(
                f"Bundle.entry[{entry.index}].resource",
                "bdl-5",
                "expected a resource in every document entry; found none",
            )


def entry_full_urls(record: Record) -> Iterator[FhirFinding]:
    # bdl-7: a fullUrl may repeat only with a different meta.versionId.
    seen: dict[tuple[str, object], int] = {}
    for entry in record.index.entries:
        path = f"Bundle.entry[{entry.index}].fullUrl"
        if not isinstance(entry.full_url, str) or not entry.full_url:
            yield error(
                path,
                "DocumentBundle.entry.fullUrl",
                f"expected a fullUrl that references resolve to; found {show(entry.full_url)}",
            )
            continue
        key = (entry.full_url, as_object(entry.resource.get("meta")).get("versionId"))
        if key in seen:
            yield error(
                path, "bdl-7", f"fullUrl {show(entry.full_url)} repeats entry[{seen[key]}]; fullUrls must be unique"
            )
        else:
            seen[key] = entry.index


def first_entry_composition(record: Record) -> Iterator[FhirFinding]:
    entries = record.index.entries
    if not entries:
        yield error("Bundle.entry", "bdl-11", "expected a Composition as the first entry; found no entries")
    elif entries[0].resource_type != "Composition":
        elsewhere = f" (a Composition is entry[{record.composition.index}])" if record.composition else ""
        found = entries[0].resource_type or "no typed resource"
        yield error(entries[0].path, "bdl-11", f"expected a Composition as the first entry; found {found}{elsewhere}")


def patient_identifiers(record: Record) -> Iterator[FhirFinding]:
    for entry in record.index.entries:
        if entry.resource_type != "Patient":
            continue
        identifiers = as_array(entry.resource.get("identifier"))
        if not identifiers:
            yield error(
                f"{entry.path}.identifier",
                "Patient.identifier",
                "expected an identifier (1..*), e.g. the ABHA number; found none",
            )
        for i, raw in enumerate(identifiers):
            identifier = as_object(raw)
            if _missing(identifier.get("value")):
                yield error(
                    f"{entry.path}.identifier[{i}].value",
                    "Patient.identifier.value",
                    "expected identifier.value (1..1); found none",
                )
            if _missing(identifier.get("type")):
                yield warning(
                    f"{entry.path}.identifier[{i}].type",
                    "Patient.identifier.type",
                    "expected identifier.type coded from v2-0203 (IG 2.0: 1..1); found none",
                )


def entry_references(record: Record) -> Iterator[FhirFinding]:
    # R4 documents SHOULD carry what their resources reference; the Composition's own are errors below.
    for entry in record.index.entries:
        if entry is record.composition:
            continue
        for path, reference in iter_references(entry.resource, entry.path):
            if not _resolves(record, entry, reference):
                yield warning(path, "ref-resolve", f"reference {show(reference)} matches no entry of the bundle")


# --- Composition (the record profile) ---


def composition_profile(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    profile = record.profile
    declared = [p for p in as_array(as_object(composition.resource.get("meta")).get("profile")) if isinstance(p, str)]
    # A canonical may carry a version ("…/OPConsultRecord|6.5.0").
    if profile.url not in {p.split("|", 1)[0] for p in declared}:
        found = ", ".join(PROFILE_NAMES_BY_URL.get(p.split("|", 1)[0], p) for p in declared) or "none"
        yield error(
            f"{composition.path}.meta.profile",
            f"{profile.name}.meta.profile",
            f"expected {profile.url} for hiType {record.hi_type}; found {found}",
        )


def composition_type(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    profile, path = record.profile, f"{composition.path}.type"
    rule = f"{profile.name}.type"
    concept = as_object(composition.resource.get("type"))
    if profile.type_coding is None:
        if concept.get("text") != profile.type_text:
            yield error(
                f"{path}.text",
                rule,
                f"expected type.text {profile.type_text!r} for {profile.name}; found {show(concept.get('text'))}",
            )
        return
    fixed = profile.type_coding
    codings = [as_object(c) for c in as_array(concept.get("coding"))]
    if not codings:
        yield error(
            f"{path}.coding",
            rule,
            f"expected SNOMED {fixed.code} {fixed.display!r} for {profile.name}; found no coding",
        )
        return
    position = next((i for i, c in enumerate(codings) if c.get("code") == fixed.code), None)
    if position is None:
        found = codings[0].get("code")
        owner = _PROFILE_BY_TYPE_CODE.get(found) if isinstance(found, str) else None
        belongs = f" (the {owner} code)" if owner else ""
        yield error(
            f"{path}.coding[0].code",
            rule,
            f"expected SNOMED {fixed.code} {fixed.display!r} for {profile.name}; found {show(found)}{belongs}",
        )
        return
    coding, at = codings[position], f"{path}.coding[{position}]"
    if "system" in coding and coding["system"] != fixed.system:
        yield error(f"{at}.system", rule, f"expected system {fixed.system}; found {show(coding['system'])}")
    elif "system" not in coding:
        yield warning(f"{at}.system", rule, f"expected system {fixed.system} with code {fixed.code}; found none")
    if coding.get("display") != fixed.display:
        yield warning(
            f"{at}.display", rule, f"expected the fixed display {fixed.display!r}; found {show(coding.get('display'))}"
        )


def composition_status(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    found = composition.resource.get("status")
    if found not in COMPOSITION_STATUSES:
        allowed = " | ".join(COMPOSITION_STATUSES)
        yield error(
            f"{composition.path}.status",
            f"{record.profile.name}.status",
            f"expected one of {allowed} (required binding); found {show(found)}",
        )


def composition_subject(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    subject, rule = composition.resource.get("subject"), f"{record.profile.name}.subject"
    if _missing(subject):
        yield error(
            f"{composition.path}.subject", rule, "expected subject (1..1) referencing the Patient entry; found none"
        )
    elif _missing(as_object(subject).get("reference")):
        yield error(
            f"{composition.path}.subject.reference",
            rule,
            "expected subject.reference (1..1) to the Patient entry; found none",
        )


def composition_date(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    if _missing(composition.resource.get("date")):
        yield error(f"{composition.path}.date", f"{record.profile.name}.date", "expected date (1..1); found none")


def composition_title(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    title = composition.resource.get("title")
    if not isinstance(title, str) or not title.strip():
        yield error(
            f"{composition.path}.title", f"{record.profile.name}.title", f"expected a title (1..1); found {show(title)}"
        )


def composition_author(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    rule, found = f"{record.profile.name}.author", composition.resource.get("author")
    authors = as_array(found)
    if not authors:
        yield error(f"{composition.path}.author", rule, f"expected at least one author (1..*); found {show(found)}")
    for i, author in enumerate(authors):
        if _missing(as_object(author).get("reference")):
            yield error(
                f"{composition.path}.author[{i}].reference",
                rule,
                "expected author.reference (1..1) to an entry; found none",
            )


def composition_encounter(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    if record.profile.encounter_expected and _missing(composition.resource.get("encounter")):
        name = record.profile.name
        yield warning(
            f"{composition.path}.encounter",
            f"{name}.encounter",
            f"expected encounter ({name} 1..1 per an unverified 6.5.0 digest); found none",
        )


def composition_sections(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    found = composition.resource.get("section")
    sections = as_array(found)
    if not sections:
        yield error(
            f"{composition.path}.section",
            f"{record.profile.name}.section",
            f"expected at least one section (1..*); found {show(found)}",
        )
    yield from _section_contents(record, sections, f"{composition.path}.section")


def _section_contents(record: Record, sections: list[object], path: str) -> Iterator[FhirFinding]:
    for i, raw in enumerate(sections):
        section, at = as_object(raw), f"{path}[{i}]"
        if all(_missing(section.get(part)) for part in ("text", "entry", "section")):
            yield error(at, "cmp-2", "expected a section to carry text, entries or sub-sections; found none of them")
        for j, item in enumerate(as_array(section.get("entry"))):
            if _missing(as_object(item).get("reference")):
                yield error(
                    f"{at}.entry[{j}].reference",
                    f"{record.profile.name}.section.entry",
                    "expected a reference to an entry of the bundle; found none",
                )
        yield from _section_contents(record, as_array(section.get("section")), f"{at}.section")


def section_codes(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    # Slices are optional one by one and the IG slicing is open: an unmatched section only warns.
    profile = record.profile
    if not profile.section_codes:
        return
    rule = f"{profile.name}.section.code"
    for i, raw in enumerate(as_array(composition.resource.get("section"))):
        at = f"{composition.path}.section[{i}].code"
        codings = [as_object(c) for c in as_array(as_object(as_object(raw).get("code")).get("coding"))]
        if not codings:
            yield warning(
                at, rule, f"expected a SNOMED section code ({profile.name} slices sections by code); found none"
            )
        elif not any(c.get("system") == SNOMED and c.get("code") in profile.section_codes for c in codings):
            found = show(codings[0].get("code"))
            expected = f"one of the {profile.name} SNOMED section codes (e.g. 422843007 ChiefComplaints)"
            yield warning(f"{at}.coding[0].code", rule, f"expected {expected}; found {found}")


def section_titles(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    profile = record.profile
    if not profile.section_titles:
        return
    for i, raw in enumerate(as_array(composition.resource.get("section"))):
        title = as_object(raw).get("title")
        if title not in profile.section_titles:
            expected = f"one of the {profile.name} section titles (e.g. 'Vital Signs')"
            at = f"{composition.path}.section[{i}].title"
            yield warning(at, f"{profile.name}.section.title", f"expected {expected}; found {show(title)}")


def composition_references(record: Record, composition: Entry) -> Iterator[FhirFinding]:
    for path, reference in iter_references(composition.resource, composition.path):
        if not _resolves(record, composition, reference):
            yield error(
                path,
                "ref-resolve",
                f"reference {show(reference)} matches no entry fullUrl or resourceType/id of the bundle",
            )
    for element, allowed in REFERENCE_TARGETS.items():
        value = composition.resource.get(element)
        references = value if isinstance(value, list) else [value]
        for i, raw in enumerate(references):
            link = as_object(raw).get("reference")
            target = record.index.resolve(link) if isinstance(link, str) else None
            if target is not None and target.resource_type not in allowed:
                at = f"{composition.path}.{element}" + (f"[{i}]" if isinstance(value, list) else "")
                yield error(
                    f"{at}.reference",
                    f"{record.profile.name}.{element}",
                    f"expected {element} to reference {' or '.join(allowed)}; found a {target.resource_type} entry",
                )


def _resolves(record: Record, source: Entry, reference: str) -> bool:
    if reference.startswith("#"):
        return resolves_locally(source.resource, reference)
    return record.index.resolve(reference) is not None


BUNDLE_RULES: tuple[Callable[[Record], Iterator[FhirFinding]], ...] = (
    bundle_type,
    bundle_identifier,
    bundle_timestamp,
    bundle_version,
    entry_resources,
    entry_full_urls,
    first_entry_composition,
    patient_identifiers,
    entry_references,
)

COMPOSITION_RULES: tuple[Callable[[Record, Entry], Iterator[FhirFinding]], ...] = (
    composition_profile,
    composition_type,
    composition_status,
    composition_subject,
    composition_date,
    composition_title,
    composition_author,
    composition_encounter,
    composition_sections,
    section_codes,
    section_titles,
    composition_references,
)


def check_record(record: Record) -> list[FhirFinding]:
    findings = [finding for rule in BUNDLE_RULES for finding in rule(record)]
    if record.composition is not None:  # without one, bdl-11 has said all there is to say
        findings += [finding for rule in COMPOSITION_RULES for finding in rule(record, record.composition)]
    return findings

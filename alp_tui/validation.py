"""Turning the data file's tables into a `Caseload`, and saying exactly what is wrong when
they cannot be: which table, which record, which field, and what to do."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from alp_tui.caseload import Caseload
from alp_tui.models import (
    ALL_TABLES,
    SCHEMA_VERSION,
    TABLES,
    AuditEntry,
    Meta,
    Record,
)

STAMPS = ("id", "created_at", "created_by", "updated_at", "updated_by", "rev")
TIMESTAMP_FIELDS = ("created_at", "updated_at", "at")


class CaseloadError(Exception):
    """The data cannot be used as it is; the message is one sentence for the user."""


class NewerSchemaError(CaseloadError):
    """The file was written by a newer alp-tui."""


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(dict[str, cls])  # type: ignore[valid-type]
    for name, cls in TABLES.items()
}
_AUDIT = TypeAdapter(dict[str, AuditEntry])


def _describe(error: ValidationError, table: str, docs: dict[str, Any]) -> str:
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    record_id = "?"
    if loc and isinstance(loc[0], str) and loc[0] in docs:
        doc = docs[loc[0]]
        has_id = isinstance(doc, dict) and doc.get("id")
        record_id = str(doc["id"]) if has_id else f"#{loc[0]}"
        loc = loc[1:]
    field = ".".join(str(part) for part in loc)
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "is required but missing"
    elif first["type"] == "extra_forbidden":
        message = "is not a field this table has (check its spelling)"
    elif first["type"] == "string_pattern_mismatch" and loc and loc[-1] in TIMESTAMP_FIELDS:
        message = f"{first['input']!r} is not a timestamp: write it as YYYY-MM-DDTHH:MM:SS"
    elif first["type"] == "model_type":
        if not field:
            return f"{table} record {record_id} is not a JSON object"
        message = "is not a JSON object"
    elif first["type"] == "literal_error":
        message = f"must be {first['ctx']['expected']}"
    where = "the settings (meta) record" if table == "meta" else f"{table} record {record_id!r}"
    return f"{where}, field {field}: {message}" if field else f"{where}: {message}"


def parse_meta(tables: dict[str, Any]) -> Meta:
    docs = tables.get("meta")
    if not isinstance(docs, dict) or len(docs) != 1:
        count = len(docs) if isinstance(docs, dict) else 0
        raise CaseloadError(
            f"the meta table must hold exactly one settings record, but it holds {count}"
        )
    raw = next(iter(docs.values()))
    if not isinstance(raw, dict):
        raise CaseloadError("the meta record is not a JSON object")
    version = raw.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"this file is schema version {version}, written by a newer alp-tui "
            f"(this one reads up to version {SCHEMA_VERSION}): upgrade alp-tui to open it"
        )
    if version != SCHEMA_VERSION:
        raise CaseloadError(
            f"the meta record's schema_version is {version!r}; this alp-tui reads version "
            f"{SCHEMA_VERSION}"
        )
    try:
        return Meta.model_validate(raw)
    except ValidationError as error:
        raise CaseloadError(_describe(error, "meta", {})) from None


def parse_tables(tables: Any) -> Caseload:
    """Validate every table of a TinyDB document tree (table → doc id → document)."""
    if not isinstance(tables, dict):
        raise CaseloadError("the file does not hold a JSON object of tables")
    unknown = sorted(set(tables) - set(ALL_TABLES))
    if unknown:
        raise CaseloadError(f"the file has a table alp-tui does not know: {unknown[0]!r}")
    caseload = Caseload(meta=parse_meta(tables))
    for name, adapter in _ADAPTERS.items():
        docs = tables.get(name) or {}
        if not isinstance(docs, dict):
            raise CaseloadError(f"the {name} table is not a JSON object")
        try:
            parsed: dict[str, Record] = adapter.validate_python(docs)
        except ValidationError as error:
            raise CaseloadError(_describe(error, name, docs)) from None
        table = caseload.table(name)
        for key, record in parsed.items():
            if not (
                record.id
                and record.created_at
                and record.created_by
                and record.updated_at
                and record.updated_by
                and record.rev
            ):
                _missing_stamp(name, key, record)
            if record.id in table:
                raise CaseloadError(f"{name} has two records with the id {record.id!r}")
            table[record.id] = record
    audit_docs = tables.get("audit") or {}
    try:
        caseload.audit = list(_AUDIT.validate_python(audit_docs).values())
    except ValidationError as error:
        raise CaseloadError(_describe(error, "audit", audit_docs)) from None
    problems = integrity_errors(caseload)
    if problems:
        raise CaseloadError(problems[0])
    return caseload


def _missing_stamp(table: str, key: str, record: Record) -> None:
    for stamp in STAMPS:
        if not getattr(record, stamp):
            record_id = record.id or f"#{key}"
            raise CaseloadError(
                f"{table} record {record_id!r}, field {stamp}: is required but missing"
            )


def integrity_errors(caseload: Caseload) -> list[str]:
    """Cross-record problems: references to records that do not exist or that belong to
    another pupil's placement, duplicates."""
    errors: list[str] = []
    names: dict[str, str] = {}
    for provider in caseload.providers.values():
        key = provider.name.casefold()
        if key in names:
            errors.append(
                f"providers record {provider.id!r}: the name {provider.name!r} is already "
                f"used by provider {names[key]!r} (provider names must be unique)"
            )
        names[key] = provider.id

    def ref(table: str, record: Record, field: str, target: str, value: str | None) -> None:
        errors.append(
            f"{table} record {record.id!r}, field {field}: there is no "
            f"{target.rstrip('s')} with id {value!r}"
        )

    # Plain dict membership in tight loops: a large file has hundreds of thousands of links.
    pupils, providers = caseload.pupils, caseload.providers
    placements, targets = caseload.placements, caseload.targets
    for placement in placements.values():
        if placement.pupil_id not in pupils:
            ref("placements", placement, "pupil_id", "pupils", placement.pupil_id)
        if placement.provider_id not in providers:
            ref("placements", placement, "provider_id", "providers", placement.provider_id)
    for target in targets.values():
        if target.placement_id not in placements:
            ref("targets", target, "placement_id", "placements", target.placement_id)
    for contact in caseload.contacts.values():
        if contact.placement_id not in placements:
            ref("contacts", contact, "placement_id", "placements", contact.placement_id)
        for item in contact.progress:
            rated = targets.get(item.target_id)
            if rated is None:
                ref("contacts", contact, "progress.target_id", "targets", item.target_id)
            elif rated.placement_id != contact.placement_id:
                errors.append(
                    f"contacts record {contact.id!r}, field progress.target_id: target "
                    f"{rated.id!r} is for placement {rated.placement_id!r}, not this "
                    f"contact's placement {contact.placement_id!r}"
                )
    for concern in caseload.concerns.values():
        if concern.pupil_id not in pupils:
            ref("concerns", concern, "pupil_id", "pupils", concern.pupil_id)
        if concern.placement_id is not None:
            linked = placements.get(concern.placement_id)
            if linked is None:
                ref("concerns", concern, "placement_id", "placements", concern.placement_id)
            elif linked.pupil_id != concern.pupil_id:
                errors.append(
                    f"concerns record {concern.id!r}, field placement_id: placement "
                    f"{linked.id!r} is for pupil {linked.pupil_id!r}, not this "
                    f"concern's pupil {concern.pupil_id!r}"
                )
    seen: dict[str, str] = {}
    for transition in caseload.transitions.values():
        if transition.placement_id not in placements:
            ref("transitions", transition, "placement_id", "placements", transition.placement_id)
        if transition.placement_id in seen:
            errors.append(
                f"transitions record {transition.id!r}: placement "
                f"{transition.placement_id!r} already has transition "
                f"{seen[transition.placement_id]!r} (one per placement)"
            )
        seen[transition.placement_id] = transition.id
    for review in caseload.reviews.values():
        if review.placement_id not in placements:
            ref("reviews", review, "placement_id", "placements", review.placement_id)
    return errors


def dump_record(record: Record | Meta | AuditEntry) -> dict[str, Any]:
    """A record as its JSON document (ISO dates, no unset optional fields)."""
    return record.model_dump(mode="json", exclude_none=True)

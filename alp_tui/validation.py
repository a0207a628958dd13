"""Turning the data file's tables into a `Caseload`, and saying exactly what is wrong when
they cannot be: which table, which record, which field, and what to do.

Reading is strict about types (DESIGN.md §3): a boolean is `true`/`false`, an integer an
integer, a number an integer or a decimal, a string a string; a null is the same as an
absent field. The cross-record checks live here once (`reference_errors`): reading checks
the whole file, the store checks what a save touches, with the same sentences.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from alp_tui.caseload import Caseload
from alp_tui.models import (
    ALL_TABLES,
    FIELD_COUNT,
    META_ID,
    NOUNS,
    SCHEMA_VERSION,
    TABLES,
    AuditEntry,
    Concern,
    Contact,
    Meta,
    Placement,
    Provider,
    Record,
    Review,
    Target,
    Transition,
)

STAMPS = ("id", "created_at", "created_by", "updated_at", "updated_by", "rev")
TIMESTAMP_FIELDS = ("created_at", "updated_at", "at")
# Which fields refer to which table (the audit table may name anything and is not checked).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "placements": (("pupil_id", "pupils"), ("provider_id", "providers")),
    "targets": (("placement_id", "placements"),),
    "contacts": (("placement_id", "placements"),),
    "concerns": (("pupil_id", "pupils"), ("placement_id", "placements")),
    "transitions": (("placement_id", "placements"),),
    "reviews": (("placement_id", "placements"),),
}


class CaseloadError(Exception):
    """The data cannot be used as it is; the message is one sentence for the user."""


class NewerSchemaError(CaseloadError):
    """The file was written by a newer alp-tui."""


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(dict[str, cls])  # type: ignore[valid-type]
    for name, cls in TABLES.items()
}
_AUDIT = TypeAdapter(dict[str, AuditEntry])
_META = TypeAdapter(dict[str, Meta])

# --- wording validation errors -----------------------------------------------------------

_KINDS = {
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def shown(value: Any) -> str:
    """A value as the file writes it (`"yes"`, `1.0`, `true`, `null`), cut short if long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def error_text(first: ErrorDetails) -> str:
    """What is wrong with the value of one pydantic error, in words (without the field)."""
    kind = first["type"]
    loc = first["loc"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field this table has (check its spelling)"
    if kind in _KINDS:
        return f"{_KINDS[kind]}, not {shown(first['input'])}"
    if kind == "literal_error":
        return f"must be {first.get('ctx', {}).get('expected')}, not {shown(first['input'])}"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        limit = first.get("ctx", {}).get(name)
        return f"must be {words} {limit}, not {shown(first['input'])}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in TIMESTAMP_FIELDS:
        return f"{first['input']!r} is not a timestamp: write it as YYYY-MM-DDTHH:MM:SS"
    return str(first["msg"]).removeprefix("Value error, ")


def first_error(error: ValidationError) -> tuple[str, str]:
    """The first error's field (`progress.0.rating`, or "" for the record) and its words."""
    first = error.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"])
    return field, error_text(first)


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
    if first["type"] in ("model_type", "dict_type") and not field:
        return f"{table} record {record_id} is not a JSON object"
    message = error_text(first)
    where = "the settings (meta) record" if table == "meta" else f"{table} record {record_id!r}"
    return f"{where}, field {field}: {message}" if field else f"{where}: {message}"


# --- reading the tables -------------------------------------------------------------------


def _without_nulls(value: Any) -> Any:
    """`value` with every object member that is null left out (the same object if none is)."""
    if isinstance(value, dict):
        kept = {k: _without_nulls(v) for k, v in value.items() if v is not None}
        same = len(kept) == len(value) and all(kept[k] is value[k] for k in kept)
        return value if same else kept
    if isinstance(value, list):
        items = [_without_nulls(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def _validate(adapter: TypeAdapter[Any], table: str, docs: dict[str, Any]) -> Any:
    """Validate a table's documents strictly; a null counts as an absent field.

    alp-tui never writes a null, so the first pass takes the documents as read (fast on a
    large file); only when that fails are the nulls left out and the table tried again.
    """
    try:
        return adapter.validate_python(docs, strict=True)
    except ValidationError as error:
        cleaned = {key: _without_nulls(doc) for key, doc in docs.items()}
        if all(cleaned[key] is docs[key] for key in docs):
            raise CaseloadError(_describe(error, table, docs)) from None
        try:
            return adapter.validate_python(cleaned, strict=True)
        except ValidationError as again:
            raise CaseloadError(_describe(again, table, cleaned)) from None


def _check_keys(table: str, docs: dict[str, Any]) -> None:
    """Refuse document keys TinyDB would misread: not a plain decimal number, or two that
    denote the same number (`"2"` and `"02"`), either of which would lose a record."""
    # Tested for the whole table at C speed; key by key only when something is wrong.
    digits = "".join(docs)
    if not (digits.isascii() and digits.isdigit()) or "" in docs:
        for key in docs:
            if not (key.isascii() and key.isdigit()):
                raise CaseloadError(
                    f"the {table} table holds a record under the key {shown(key)}, which is "
                    "not a plain number, so alp-tui cannot tell which record it is"
                )
    joined = "\n".join(docs)
    if joined.startswith("0") or "\n0" in joined:
        numbers: dict[int, str] = {}
        for key in docs:
            if int(key) in numbers:
                raise CaseloadError(
                    f"the {table} table holds two records numbered {int(key)} (under the keys "
                    f"{shown(numbers[int(key)])} and {shown(key)}): one of them would be lost"
                )
            numbers[int(key)] = key


def parse_meta(tables: dict[str, Any]) -> Meta:
    docs = tables.get("meta")
    if not isinstance(docs, dict) or len(docs) != 1:
        count = len(docs) if isinstance(docs, dict) else 0
        raise CaseloadError(
            f"the meta table must hold exactly one settings record, but it holds {count}"
        )
    _check_keys("meta", docs)
    raw = next(iter(docs.values()))
    if not isinstance(raw, dict):
        raise CaseloadError("the meta record is not a JSON object")
    version = raw.get("schema_version")
    if version is None:
        raise CaseloadError(
            "the settings (meta) record, field schema_version: is required but missing"
        )
    if type(version) is not int or version < 1:
        raise CaseloadError(
            "the settings (meta) record, field schema_version: must be a positive whole "
            f"number (this alp-tui reads 1 to {SCHEMA_VERSION}), not {shown(version)}"
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"this file is schema version {version}, written by a newer alp-tui "
            f"(this one reads up to version {SCHEMA_VERSION}): upgrade alp-tui to open it"
        )
    meta: Meta = _validate(_META, "meta", docs)[next(iter(docs))]
    given = [stamp for stamp in STAMPS if getattr(meta, stamp)]
    if given and len(given) < len(STAMPS):
        missing = next(stamp for stamp in STAMPS if stamp not in given)
        raise CaseloadError(
            f"the settings (meta) record, field {missing}: is required but missing (the "
            "settings carry id, created_at, created_by, updated_at, updated_by and rev all "
            f"together or none of them, and this one has {', '.join(given)})"
        )
    if meta.id is not None and meta.id != META_ID:
        raise CaseloadError(
            f'the settings (meta) record, field id: must be "{META_ID}", not {shown(meta.id)}'
        )
    return meta


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
        _check_keys(name, docs)
        _set_table(caseload, name, _validate(adapter, name, docs))
    audit_docs = tables.get("audit") or {}
    if not isinstance(audit_docs, dict):
        raise CaseloadError("the audit table is not a JSON object")
    _check_keys("audit", audit_docs)
    caseload.audit = list(_validate(_AUDIT, "audit", audit_docs).values())
    problems = reference_errors(caseload)
    if problems:
        raise CaseloadError(problems[0])
    return caseload


def _set_table(caseload: Caseload, name: str, parsed: dict[str, Record]) -> None:
    """A table's records (by document key) into the caseload by id, with their stamps and
    ids checked."""
    # Both checks at C speed over the whole table; record by record only on a failure.
    if not all(map(all, map(_STAMPS_OF, parsed.values()))):
        for key, record in parsed.items():
            _missing_stamp(name, key, record)
    table = {record.id: record for record in parsed.values()}
    if len(table) != len(parsed):
        seen: set[str] = set()
        for record in parsed.values():
            if record.id in seen:
                raise CaseloadError(f"{name} has two records with the id {record.id!r}")
            seen.add(record.id)
    setattr(caseload, name, table)


def parse_texts(
    texts: dict[str, list[bytes]], members: int
) -> tuple[Caseload, dict[str, dict[str, Any]]] | None:
    """The caseload straight from the text of each table, without building its documents:
    `texts` holds each table's documents as JSON objects in runs, in the file's order, and
    `members` how many object members the whole file holds.

    Returns the caseload and each table's records by document key (the settings as their
    document), or None whenever anything is not as `parse_tables` would take it at once: a
    file that must be refused or needs its nulls left out is read that way, which then says
    exactly what is wrong. Reading each run with pydantic's own JSON reader is strict in the
    same way; a member name given twice in one object (which it would take as the last) is
    caught by the count: every member of the file is a record's field, a document or a
    table, and each is counted once.
    """
    if set(texts) - set(ALL_TABLES) or "meta" not in texts:
        return None
    counted = len(texts)
    records: dict[str, dict[str, Any]] = {}
    FIELD_COUNT.total = 0
    FIELD_COUNT.counting = True
    try:
        for name, pieces in texts.items():
            if name == "meta":
                docs: dict[str, Any] = json.loads(b"".join(pieces))
                meta = parse_meta({"meta": docs})
            else:
                adapter = _AUDIT if name == "audit" else _ADAPTERS[name]
                docs = {}
                for piece in pieces:
                    part = adapter.validate_json(piece, strict=True)
                    before = len(docs)
                    docs.update(part)
                    if len(docs) != before + len(part):
                        return None
            counted += len(docs)
            records[name] = docs
        if counted + FIELD_COUNT.total != members:
            return None
        caseload = Caseload(meta=meta)
        for name in _ADAPTERS:
            docs = records.get(name, {})
            _check_keys(name, docs)
            _set_table(caseload, name, docs)
        audit = records.get("audit", {})
        _check_keys("audit", audit)
        caseload.audit = list(audit.values())
        if reference_errors(caseload):
            return None
    except (ValidationError, CaseloadError, ValueError, TypeError, RecursionError):
        return None
    finally:
        FIELD_COUNT.counting = False
    return caseload, records


_STAMPS_OF = operator.attrgetter(*STAMPS)


def _missing_stamp(table: str, key: str, record: Record) -> None:
    for stamp in STAMPS:
        if not getattr(record, stamp):
            record_id = record.id or f"#{key}"
            raise CaseloadError(
                f"{table} record {record_id!r}, field {stamp}: is required but missing"
            )


# --- references between records -----------------------------------------------------------


def _no_such(table: str, record: Record, field: str, target: str, value: str | None) -> str:
    return (
        f"{table} record {record.id!r}, field {field}: there is no {NOUNS[target]} "
        f"with id {value!r}"
    )


def _placement_refs(caseload: Caseload, placement: Placement, errors: list[str]) -> None:
    if placement.pupil_id not in caseload.pupils:
        errors.append(_no_such("placements", placement, "pupil_id", "pupils", placement.pupil_id))
    if placement.provider_id not in caseload.providers:
        errors.append(
            _no_such("placements", placement, "provider_id", "providers", placement.provider_id)
        )


def _target_refs(caseload: Caseload, target: Target, errors: list[str]) -> None:
    if target.placement_id not in caseload.placements:
        errors.append(
            _no_such("targets", target, "placement_id", "placements", target.placement_id)
        )


def _rated_targets(
    caseload: Caseload,
    table: str,
    record: Contact | Review,
    field: str,
    target_ids: Iterable[str],
    errors: list[str],
) -> None:
    """Each target a contact rates or a review decides on is one of its placement's."""
    targets = caseload.targets
    for target_id in target_ids:
        rated = targets.get(target_id)
        if rated is None:
            errors.append(_no_such(table, record, field, "targets", target_id))
        elif rated.placement_id != record.placement_id:
            errors.append(
                f"{table} record {record.id!r}, field {field}: target {rated.id!r} is for "
                f"placement {rated.placement_id!r}, not this {NOUNS[table]}'s placement "
                f"{record.placement_id!r}"
            )


def _contact_refs(caseload: Caseload, contact: Contact, errors: list[str]) -> None:
    if contact.placement_id not in caseload.placements:
        errors.append(
            _no_such("contacts", contact, "placement_id", "placements", contact.placement_id)
        )
    targets = caseload.targets
    for item in contact.progress:
        # The usual case inline (a large file rates 300,000 targets); the words are shared.
        rated = targets.get(item.target_id)
        if rated is None or rated.placement_id != contact.placement_id:
            ids = [item.target_id]
            _rated_targets(caseload, "contacts", contact, "progress.target_id", ids, errors)


def _concern_refs(caseload: Caseload, concern: Concern, errors: list[str]) -> None:
    if concern.pupil_id not in caseload.pupils:
        errors.append(_no_such("concerns", concern, "pupil_id", "pupils", concern.pupil_id))
    if concern.placement_id is not None:
        linked = caseload.placements.get(concern.placement_id)
        if linked is None:
            errors.append(
                _no_such("concerns", concern, "placement_id", "placements", concern.placement_id)
            )
        elif linked.pupil_id != concern.pupil_id:
            errors.append(
                f"concerns record {concern.id!r}, field placement_id: placement "
                f"{linked.id!r} is for pupil {linked.pupil_id!r}, not this "
                f"concern's pupil {concern.pupil_id!r}"
            )


def _transition_refs(caseload: Caseload, transition: Transition, errors: list[str]) -> None:
    if transition.placement_id not in caseload.placements:
        errors.append(
            _no_such(
                "transitions", transition, "placement_id", "placements", transition.placement_id
            )
        )


def _review_refs(caseload: Caseload, review: Review, errors: list[str]) -> None:
    if review.placement_id not in caseload.placements:
        errors.append(
            _no_such("reviews", review, "placement_id", "placements", review.placement_id)
        )
    if review.decisions:
        ids = [item.target_id for item in review.decisions]
        _rated_targets(caseload, "reviews", review, "decisions.target_id", ids, errors)


_OWN_REFERENCES: dict[type[Record], Any] = {
    Placement: _placement_refs,
    Target: _target_refs,
    Contact: _contact_refs,
    Concern: _concern_refs,
    Transition: _transition_refs,
    Review: _review_refs,
}


def _unique_provider_names(
    caseload: Caseload, subjects: list[Provider], whole: bool, errors: list[str]
) -> None:
    named: dict[str, list[str]] = {}
    for provider in caseload.providers.values():
        named.setdefault(provider.name.casefold(), []).append(provider.id)
    for provider in subjects:
        ids = named.get(provider.name.casefold(), [])
        # Reading the whole file, the later of two names the earlier; saving, the one saved.
        if len(ids) < 2 or (whole and ids[0] == provider.id):
            continue
        other = next(i for i in ids if i != provider.id)
        errors.append(
            f"providers record {provider.id!r}: the name {provider.name!r} is already used "
            f"by provider {other!r} (provider names must be unique)"
        )


def _one_transition_each(
    caseload: Caseload, subjects: list[Transition], whole: bool, errors: list[str]
) -> None:
    plans: dict[str, list[str]] = {}
    for transition in caseload.transitions.values():
        plans.setdefault(transition.placement_id, []).append(transition.id)
    for transition in subjects:
        ids = plans.get(transition.placement_id, [])
        if len(ids) < 2 or (whole and ids[0] == transition.id):
            continue
        other = next(i for i in ids if i != transition.id)
        errors.append(
            f"transitions record {transition.id!r}: placement {transition.placement_id!r} "
            f"already has transition {other!r} (one per placement)"
        )


def _referrers(caseload: Caseload, removed: Record) -> list[str]:
    """The nouns of the records that still refer to `removed`, one per record."""
    users: list[str] = []
    for table, fields in REFERENCES.items():
        for field_name, target in fields:
            if target == removed.TABLE:
                users += [
                    NOUNS[table]
                    for other in caseload.table(table).values()
                    if getattr(other, field_name) == removed.id
                ]
    if isinstance(removed, Target):
        users += [
            "contact"
            for contact in caseload.contacts.values()
            if any(item.target_id == removed.id for item in contact.progress)
        ]
        users += [
            "review"
            for review in caseload.reviews.values()
            if any(item.target_id == removed.id for item in review.decisions)
        ]
    return users


def reference_errors(
    caseload: Caseload,
    changed: Iterable[Record] | None = None,
    *,
    removed: Iterable[Record] = (),
    before: Caseload | None = None,
) -> list[str]:
    """Cross-record problems, one sentence each: references to records that do not exist
    or that belong to another pupil's placement, a contact's or review's target of another
    placement, duplicate provider names, a second transition plan for a placement.

    Without `changed`, the whole caseload is checked (reading a file). With it (a save into
    `caseload`, the caseload as it will be), only what the change touches: those records'
    own references, the records that refer to a placement or target whose key moved (only
    when it moved from `before`, the caseload as it was, if given), and what still refers
    to a `removed` record.
    """
    errors: list[str] = []
    if changed is None:
        # Table by table, without looking up each record's check: a large file has 150,000.
        for record_type, check in _OWN_REFERENCES.items():
            for record in caseload.table(record_type.TABLE).values():
                check(caseload, record, errors)
        _unique_provider_names(caseload, list(caseload.providers.values()), True, errors)
        _one_transition_each(caseload, list(caseload.transitions.values()), True, errors)
        return errors
    records = list(changed)
    for record in records:
        check = _OWN_REFERENCES.get(type(record))
        if check is not None:
            check(caseload, record, errors)
    providers = [r for r in records if isinstance(r, Provider)]
    if providers:
        _unique_provider_names(caseload, providers, False, errors)
    transitions = [r for r in records if isinstance(r, Transition)]
    if transitions:
        _one_transition_each(caseload, transitions, False, errors)
    for record in records:
        _moved_key_errors(caseload, record, before, errors)
    for record in removed:
        users = _referrers(caseload, record)
        if users:
            counts = ", ".join(
                f"{users.count(noun)} {noun}{'s' if users.count(noun) > 1 else ''}"
                for noun in dict.fromkeys(users)
            )
            verb = "refers" if len(users) == 1 else "refer"
            errors.append(
                f"{record.TABLE} record {record.id!r} cannot be deleted: {counts} still "
                f"{verb} to it (delete those first)"
            )
    return list(dict.fromkeys(errors))


def _moved_key_errors(
    caseload: Caseload, record: Record, before: Caseload | None, errors: list[str]
) -> None:
    """Check the records that refer to a placement given to another pupil, or to a target
    moved to another placement (their own check would otherwise never see the move)."""
    if isinstance(record, Placement):
        was = before.placements.get(record.id) if before is not None else None
        if before is not None and (was is None or was.pupil_id == record.pupil_id):
            return
        for concern in caseload.concerns.values():
            if concern.placement_id == record.id:
                _concern_refs(caseload, concern, errors)
    elif isinstance(record, Target):
        had = before.targets.get(record.id) if before is not None else None
        if before is not None and (had is None or had.placement_id == record.placement_id):
            return
        for contact in caseload.contacts.values():
            if any(item.target_id == record.id for item in contact.progress):
                _contact_refs(caseload, contact, errors)
        for review in caseload.reviews.values():
            if any(item.target_id == record.id for item in review.decisions):
                _review_refs(caseload, review, errors)


def integrity_errors(caseload: Caseload) -> list[str]:
    """Every cross-record problem of the whole caseload (see `reference_errors`)."""
    return reference_errors(caseload)


def dump_record(record: Record | Meta | AuditEntry) -> dict[str, Any]:
    """A record as its JSON document (ISO dates, no unset optional fields)."""
    doc = record.model_dump(mode="json", exclude_none=True)
    if isinstance(record, Meta) and not record.rev:
        # Settings without stamps (as 0.1 wrote them) carry no rev either: all or none.
        doc.pop("rev", None)
    return doc

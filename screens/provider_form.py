"""A provider's details and the checks the school holds on it (DBS and training, insurance,
risk assessment, safeguarding policy, attendance reporting), each with when it was received
and when it expires."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from alp_tui.dates import uk
from alp_tui.models import CHECK_KINDS, CHECK_LABELS, REGISTRATIONS, Check, Provider, Record
from alp_tui.rules import Problem, check_problems
from screens.confirm import ConfirmScreen
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import (
    FieldInput,
    ProblemPreview,
    email_check,
    field_row,
    section,
    set_text,
)
from screens.widgets.list_editor import ListEditor
from screens.widgets.long_text import LongInput
from screens.widgets.provider_picker import REGISTRATION_LABELS
from screens.widgets.tick_box import TickBox

PROVIDER_LABELS: dict[str, str] = {
    "name": "Name",
    "contact_name": "Contact name",
    "phone": "Phone",
    "email": "Email",
    "registration": "Registration",
    "urn": "URN",
    "ukprn": "UKPRN",
    "specialisms": "Specialisms",
    "age_range": "Age range",
    "checks": "Checks",
}


def check_line(check: Check, today: date) -> str:
    """`DBS and training — received 01/09/2025, expires 01/09/2026 (expired 87 days ago)`.

    Dates in words only: whether the provider's checks are a problem (a kind missing,
    expired or expiring within the warning days) is for the rules, shown beside the list.
    """
    parts = [f"received {uk(check.received)}" if check.received else "no date received"]
    if check.expires is None:
        parts.append("does not expire")
    else:
        parts.append(f"expires {uk(check.expires)}")
    line = f"{CHECK_LABELS[check.kind]} — {', '.join(parts)}"
    if check.expires is not None:
        days = (check.expires - today).days
        if days < 0:
            line += f" (expired {-days} days ago)"
        elif days == 0:
            line += " (expires today)"
        else:
            line += f" (in {days} days)"
    if check.note:
        line += f" · {check.note}"
    return line


def _digits_check(length: int, what: str) -> Any:
    def check(text: str) -> str | None:
        if text.isdigit() and len(text) == length:
            return None
        return f"{text!r} is not {what}: type its {length} digits, or leave it empty"

    return check


class ChecksEditor(ListEditor[Check]):
    """The provider's checks: pick the kind, type the dates, enter on the note to add;
    enter on a check takes it back to change, delete removes it."""

    DEFAULT_CSS = """
    ChecksEditor > OptionList {
        max-height: 8;
    }
    ChecksEditor > .check-missing {
        height: auto;
        color: $text-warning;
    }
    ChecksEditor > .check-new {
        height: auto;
        border-left: outer $border-blurred;
        padding-left: 1;
    }
    ChecksEditor .check-row {
        height: auto;
    }
    ChecksEditor .check-label {
        width: 10;
        color: $text-muted;
    }
    ChecksEditor .check-row > Input {
        width: 1fr;
        margin-right: 1;
    }
    ChecksEditor .check-row > Select {
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove check",
            tooltip="Remove the highlighted check",
            id="checks.remove",
        ),
    ]

    LIST_CLASSES = "check-list"
    LABEL = "Checks"

    def __init__(self, checks: list[Check], *, today: date, id: str | None = None) -> None:
        super().__init__(checks, id=id)
        self._today = today

    def compose_entry(self) -> ComposeResult:
        yield Static("", classes="check-missing")
        with Vertical(classes="check-new"):
            with Horizontal(classes="check-row"):
                yield Static(Text("Kind"), classes="check-label")
                yield Select[str](
                    [(CHECK_LABELS[k], k) for k in CHECK_KINDS],
                    prompt="choose the kind of check",
                    compact=True,
                    classes="check-kind",
                )
            with Horizontal(classes="check-row"):
                yield Static(Text("Received"), classes="check-label")
                yield DateInput(label="Received", today=self._today, classes="check-received")
            with Horizontal(classes="check-row"):
                yield Static(Text("Expires"), classes="check-label")
                yield DateInput(label="Expires", today=self._today, classes="check-expires")
            with Horizontal(classes="check-row"):
                yield Static(Text("Note"), classes="check-label")
                yield Input(
                    placeholder="optional; enter adds the check", compact=True, classes="check-note"
                )
                yield Button("Add", compact=True, classes="list-add")

    @property
    def checks(self) -> list[Check]:
        return self.items

    def ordered(self, items: list[Check]) -> list[Check]:
        return sorted(items, key=lambda c: (CHECK_KINDS.index(c.kind), c.expires or date.max))

    def read_entry(self) -> Check | None:
        kind = self.query_one(".check-kind", Select).value
        received = self.query_one(".check-received", DateInput)
        expires = self.query_one(".check-expires", DateInput)
        note = self.query_one(".check-note", Input).value.strip() or None
        if kind == Select.NULL and not (received.text.strip() or expires.text.strip() or note):
            return None
        if kind == Select.NULL:
            raise ValueError("choose the kind of check first")
        for box in (received, expires):
            problem = box.problem()
            if problem:
                raise ValueError(problem.rstrip("."))
        try:
            return Check.model_validate(
                {"kind": kind, "received": received.value, "expires": expires.value, "note": note}
            )
        except ValidationError as error:
            raise ValueError(sentence_of(error).rstrip(".")) from None

    def fill_entry(self, item: Check | None) -> None:
        kind = self.query_one(".check-kind", Select)
        if item is None:
            kind.clear()
        else:
            kind.value = item.kind
        self.query_one(".check-received", DateInput).set_date(item.received if item else None)
        self.query_one(".check-expires", DateInput).set_date(item.expires if item else None)
        self.query_one(".check-note", Input).value = (item.note or "") if item else ""

    def entry_state(self) -> object:
        return (
            self.query_one(".check-kind", Select).value,
            self.query_one(".check-received", DateInput).text,
            self.query_one(".check-expires", DateInput).text,
            self.query_one(".check-note", Input).value,
        )

    def item_line(self, item: Check) -> Text:
        return Text(check_line(item, self._today))

    def entry_start(self) -> Widget:
        return self.query_one(".check-kind", Select)

    def adds_on_enter(self, field: Widget) -> bool:
        return field is self.query_one(".check-note", Input)

    def refreshed(self) -> None:
        held = [c.kind for c in self.items]
        missing = [CHECK_LABELS[k] for k in CHECK_KINDS if k not in held]
        doubled = [CHECK_LABELS[k] for k in CHECK_KINDS if held.count(k) > 1]
        lines = [f"! No check yet of: {', '.join(missing)}"] if missing else []
        if doubled:
            lines.append(
                f"! More than one check of: {', '.join(doubled)} (the latest expiry counts; "
                "enter on the older one and delete it if it is no longer needed)"
            )
        set_text(self.query_one(".check-missing", Static), "\n".join(lines))

    def add_item(self, item: Check) -> None:
        """Add the check typed; one of a kind already held asks whether it replaces the
        older (keeping both is allowed: the latest expiry counts)."""
        same = [c for c in self.items if c.kind == item.kind]
        if not same:
            super().add_item(item)
            return
        held = "; ".join(check_line(c, self._today) for c in same)
        question = (
            f"There is already a {CHECK_LABELS[item.kind]} check ({held}). Replace it with "
            "the one typed, or keep both (the latest expiry counts)?"
        )
        self.app.push_screen(
            ConfirmScreen(
                question, yes="Replace the older", no="Keep both", title="A second check"
            ),
            lambda replace: self._add_second(item, bool(replace)),
        )

    def _add_second(self, item: Check, replace: bool) -> None:
        if replace:
            self._items = [c for c in self._items if c.kind != item.kind]
        super().add_item(item)


class ProviderFormScreen(FormScreen):
    """Add a provider or change one (and its checks); dismisses with its id."""

    labels = PROVIDER_LABELS
    none_text = "no problems with this provider"

    def __init__(self, provider_id: str | None = None) -> None:
        super().__init__()
        self.provider_id = provider_id
        self.provider: Provider | None = None

    def load(self) -> None:
        self.provider = self.caseload.providers.get(self.provider_id) if self.provider_id else None

    def editing(self) -> list[Record]:
        return [self.provider] if self.provider is not None else []

    def show_preview(
        self, preview: ProblemPreview, plan: SavePlan, problems: list[Problem]
    ) -> None:
        """The checks are judged only while a pupil is placed here: with none placed, say
        what they will raise once one is, rather than "no problems"."""
        provider = plan.result
        caseload = self.caseload
        placed = isinstance(provider, Provider) and any(
            p.provider_id == provider.id
            and p.status == "active"
            and not getattr(caseload.pupils.get(p.pupil_id), "archived", True)
            for p in caseload.placements.values()
        )
        if placed or not isinstance(provider, Provider):
            preview.show_problems(problems, none_text=self.none_text)
            return
        coming = check_problems(provider, self.today, caseload.meta)
        if not coming:
            preview.show_problems(
                problems, none_text="no problems: every check is held and in date"
            )
            return
        preview.show_problems(
            [*problems, *coming],
            none_text=self.none_text,
            note="No pupil is placed here now; once one is, the checks raise:",
        )

    def heading_text(self) -> str:
        if self.provider_id is None:
            return "New provider"
        return f"Provider: {self.provider.name}" if self.provider else "Provider"

    def _name_check(self, name: str) -> str | None:
        for other in self.caseload.providers.values():
            if other.id != self.provider_id and other.name.casefold() == name.casefold():
                retired = " (retired)" if other.retired else ""
                return f"{other.name!r}{retired} is already a provider: type a different name"
        return None

    def compose_fields(self) -> ComposeResult:
        if self.provider_id and self.provider is None:
            yield section("This provider is no longer in the caseload: press escape.")
            return
        p = self.provider
        yield section("Provider")
        yield from field_row(
            "Name *",
            FieldInput(
                p.name if p else None,
                label="Name",
                required=True,
                hint="type the provider's name",
                check=self._name_check,
                id="name",
            ),
        )
        yield from field_row(
            "Registration",
            Select[str](
                [(REGISTRATION_LABELS[r], r) for r in REGISTRATIONS],
                value=(p.registration or "unregistered") if p else "unregistered",
                allow_blank=False,
                compact=True,
                id="registration",
            ),
        )
        yield from field_row(
            "Contact name",
            FieldInput(p.contact_name if p else None, label="Contact name", id="contact_name"),
        )
        yield from field_row("Phone", FieldInput(p.phone if p else None, label="Phone", id="phone"))
        yield from field_row(
            "Email",
            FieldInput(p.email if p else None, label="Email", check=email_check, id="email"),
        )
        yield Horizontal(
            Static(Text(""), classes="form-label"),
            TickBox("On the local framework", p.on_framework if p else False, id="on_framework"),
            TickBox("Retired", p.retired if p else False, id="retired"),
            classes="form-row",
        )
        yield from field_row(
            "URN",
            FieldInput(
                p.urn if p else None,
                label="URN",
                check=_digits_check(6, "a URN"),
                placeholder="6 digits, if it has one",
                id="urn",
                max_length=6,
            ),
        )
        yield from field_row(
            "UKPRN",
            FieldInput(
                p.ukprn if p else None,
                label="UKPRN",
                check=_digits_check(8, "a UKPRN"),
                placeholder="8 digits, if it has one",
                id="ukprn",
                max_length=8,
            ),
        )
        yield from field_row(
            "Specialisms",
            FieldInput(
                ", ".join(p.specialisms) if p else None,
                label="Specialisms",
                placeholder="separated by commas, e.g. construction, mentoring",
                id="specialisms",
            ),
        )
        yield from field_row(
            "Age range",
            FieldInput(
                p.age_range if p else None,
                label="Age range",
                placeholder="e.g. 11–16",
                id="age_range",
            ),
        )
        yield from field_row("Notes", LongInput(p.notes if p else None, label="Notes", id="notes"))
        yield section("Checks")
        yield from field_row(
            "Checks held", ChecksEditor(p.checks if p else [], today=self.today, id="checks")
        )

    def build(self, for_save: bool) -> SavePlan:
        if self.provider_id and self.provider is None:
            raise FormInvalid("There is nothing here to save: press escape.")

        def text(widget_id: str, placeholder: str | None = None) -> str | None:
            field = self.query_one(f"#{widget_id}", FieldInput)
            if field.text and field.problem() and not for_save:
                return None
            return field.text or (None if for_save else placeholder)

        editor = self.query_one("#checks", ChecksEditor)
        try:
            checks = editor.items_for_save()
        except ValueError as error:
            if for_save:
                raise FormInvalid(f"Checks: {error}.", editor) from None
            checks = editor.checks
        registration = self.query_one("#registration", Select).value
        specialisms = [s.strip() for s in (text("specialisms") or "").split(",") if s.strip()]
        values: dict[str, Any] = (
            self.provider.model_dump() if self.provider else {"id": self.new_id("providers")}
        )
        values.update(
            name=text("name", "(new provider)") or "",
            registration=registration if isinstance(registration, str) else "unregistered",
            contact_name=text("contact_name"),
            phone=text("phone"),
            email=text("email"),
            on_framework=self.query_one("#on_framework", TickBox).value,
            retired=self.query_one("#retired", TickBox).value,
            urn=text("urn"),
            ukprn=text("ukprn"),
            specialisms=specialisms,
            age_range=text("age_range"),
            notes=text("notes"),
            checks=[c.model_dump() for c in checks],
        )
        try:
            provider = Provider.model_validate(values)
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, PROVIDER_LABELS)) from None
        plan = SavePlan(result=provider, provider_ids={provider.id})
        (plan.update if self.provider else plan.add).append(provider)
        return plan

"""Raising (or changing) a concern during the call, from the contact form.

Making it safeguarding ticks Confidential and Referred to the DSL; taking Confidential off
a safeguarding concern asks first. Single letters pick the category and severity. A concern
that reads like a safeguarding matter but is not marked as one asks, as it is added,
whether it is one.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from alp_tui.contact_form import ConcernDraft
from alp_tui.models import CONCERN_CATEGORIES, SEVERITIES
from alp_tui.sharing import safeguarding_question
from screens.concerns import NOT_CONFIDENTIAL_QUESTION
from screens.confirm import ConfirmScreen
from screens.form_keys import FORM_KEYS, any_field, move_on
from screens.widgets.rating import ChoicePicker, chosen
from screens.widgets.text import plain, say
from screens.widgets.tick_box import TickBox


class ConcernDialog(ModalScreen[ConcernDraft | None]):
    """Raise (or change) a concern; dismisses with the concern, or None."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [
        *FORM_KEYS,
        Binding(
            "ctrl+s",
            "done",
            "Add concern",
            tooltip="Add the concern",
            id="concern.add",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", id="concern.cancel"),
    ]

    def __init__(self, concern: ConcernDraft | None = None, *, who: str = "") -> None:
        super().__init__()
        self._concern = concern or ConcernDraft()
        self._who = who
        # The ticks as they were before the category became safeguarding and ticked both,
        # so moving straight on to another category can put them back.
        self._ticks_before: tuple[bool, bool] | None = None
        #: The category the ticks were last set for.
        self._ticks_for: str = self._concern.category
        #: The words the lead was last asked about (asked once for the same words).
        self._asked_about: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        c = self._concern
        with Vertical(id="concern-box") as box:
            box.border_title = plain(f"Concern about {self._who}" if self._who else "Concern")
            with Horizontal(classes="field-row"):
                yield Label("Category", classes="field-label")
                yield ChoicePicker(
                    [(v, v.replace("_", " ")) for v in CONCERN_CATEGORIES],
                    c.category,
                    id="concern-category",
                )
            with Horizontal(classes="field-row"):
                yield Label("Severity", classes="field-label")
                yield ChoicePicker([(v, v) for v in SEVERITIES], c.severity, id="concern-severity")
            with Horizontal(classes="field-row"):
                yield Label("What", classes="field-label")
                yield Input(
                    c.description,
                    placeholder="what the provider reported",
                    id="concern-description",
                    compact=True,
                    select_on_focus=False,
                )
            with Horizontal(classes="field-row"):
                yield Label("Action taken", classes="field-label")
                yield Input(
                    c.action_taken,
                    placeholder="optional",
                    id="concern-action",
                    compact=True,
                    select_on_focus=False,
                )
            with Horizontal(classes="field-row tick-row"):
                yield TickBox("Confidential", c.confidential, id="concern-confidential")
                yield TickBox("Referred to the DSL", c.referred_to_dsl, id="concern-dsl")
            yield Static(
                "a letter picks: s safeguarding, w wellbeing, b behaviour… · ctrl+s adds",
                classes="hint",
            )
            with Horizontal(id="concern-buttons"):
                yield Button("Cancel", id="concern-cancel")
                yield Button("Add (ctrl+s)", id="concern-ok", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#concern-category"))

    def _ticks(self) -> tuple[bool, bool]:
        return (
            self.query_one("#concern-confidential", Checkbox).value,
            self.query_one("#concern-dsl", Checkbox).value,
        )

    def _set_ticks(self, confidential: bool, dsl: bool) -> None:
        self.query_one("#concern-confidential", Checkbox).value = confidential
        self.query_one("#concern-dsl", Checkbox).value = dsl

    @on(ChoicePicker.Changed, "#concern-category")
    def _category(self, event: ChoicePicker.Changed) -> None:
        if self.is_mounted:
            self._ticks_follow(event.value)

    def _ticks_follow(self, category: str) -> None:
        """Tick Confidential and the DSL for a safeguarding concern (once per change of
        category: also called on adding, in case the change's message is still on its way
        when keys typed fast reach ctrl+s)."""
        if category == self._ticks_for:
            return
        self._ticks_for = category
        if category == "safeguarding":
            # Whatever was ticked before, on a new concern or an edited one: safeguarding
            # detail is confidential and goes to the DSL unless someone says otherwise.
            if self._ticks_before is None:
                self._ticks_before = self._ticks()
            self._set_ticks(True, True)
        elif self._ticks_before is not None:
            # Straight on to another category: put back the ticks safeguarding replaced,
            # unless someone has changed them since.
            if self._ticks() == (True, True):
                self._set_ticks(*self._ticks_before)
            self._ticks_before = None

    @on(Checkbox.Changed, "#concern-confidential")
    def _confidential_changed(self, event: Checkbox.Changed) -> None:
        category = self.query_one("#concern-category", ChoicePicker).value
        if event.value or category != "safeguarding":
            return

        def answer(untick: bool | None) -> None:
            if not untick:
                event.checkbox.value = True

        self.app.push_screen(
            ConfirmScreen(
                NOT_CONFIDENTIAL_QUESTION,
                yes="Not confidential",
                no="Keep it confidential",
                title="Safeguarding",
            ),
            answer,
        )

    # --- keys ----------------------------------------------------------------------------

    def action_key(self, key: str) -> None:
        move_on(self, key, enter_moves_on=any_field)

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        """Enter in the last text field adds the concern."""
        if key == "enter" and focused is self.query_one("#concern-action"):
            self.action_done()
            return True
        return False

    # --- done ----------------------------------------------------------------------------

    def _value(self) -> ConcernDraft:
        confidential, dsl = self._ticks()
        return replace(
            self._concern,
            category=chosen(CONCERN_CATEGORIES, self.query_one("#concern-category", ChoicePicker)),
            severity=chosen(SEVERITIES, self.query_one("#concern-severity", ChoicePicker)),
            description=self.query_one("#concern-description", Input).value.strip(),
            action_taken=self.query_one("#concern-action", Input).value.strip(),
            confidential=confidential,
            referred_to_dsl=dsl,
        )

    @on(Button.Pressed, "#concern-ok")
    def action_done(self) -> None:
        # After any keys the focused field has still to take in.
        (self.focused or self).call_later(self._done_now)

    def _done_now(self) -> None:
        self._ticks_follow(self.query_one("#concern-category", ChoicePicker).value)
        value = self._value()
        if not value.description:
            say(self, "Say what the concern is before adding it.", severity="error")
            self.query_one("#concern-description").focus()
            return
        question = safeguarding_question(value.category, value.description, value.action_taken)
        words = (value.description, value.action_taken)
        if question is not None and self._asked_about != words:
            self._asked_about = words
            self.app.push_screen(
                ConfirmScreen(
                    question,
                    yes="Safeguarding",
                    no=f"No, {value.category.replace('_', ' ')}",
                    title="Safeguarding?",
                ),
                self._answered,
            )
            return
        self.dismiss(value)

    def _answered(self, safeguarding: bool | None) -> None:
        if safeguarding:
            self.query_one("#concern-category", ChoicePicker).value = "safeguarding"
            self._ticks_follow("safeguarding")
        self._done_now()

    @on(Button.Pressed, "#concern-cancel")
    def action_cancel(self) -> None:
        if not self._value().description:
            self.dismiss(None)
            return

        def answer(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Drop this concern? What you typed in it is lost.", yes="Drop"),
            answer,
        )

"""Choosing a placement's provider: type to narrow the list, enter to take the highlighted
match. A new provider is made only on purpose: its option comes last and is never
highlighted for you, and a line under the list says what enter will do. Retired providers
are not offered."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from alp_tui.models import REGISTRATIONS, Provider, Registration
from screens.widgets.form_fields import FieldInput, email_check, field_row, focus_after

REGISTRATION_LABELS: dict[str, str] = {
    "unregistered": "unregistered (hour limit applies)",
    "registered_school": "registered school",
    "la_provision": "local-authority provision",
    "fe_college": "FE college",
    "other": "other registered provision",
}

NEW = "__new__"


def registration_words(registration: str | None) -> str:
    return REGISTRATION_LABELS.get(registration or "unregistered", "unregistered")


class ProviderPicker(Widget):
    """Pick an existing provider or describe a new one.

    `provider_id` is the chosen provider (None when new or none); `is_new` says a new one
    is being typed; `new_provider()` builds it.
    """

    DEFAULT_CSS = """
    ProviderPicker {
        height: auto;
        width: 1fr;
    }
    ProviderPicker > OptionList {
        height: auto;
        max-height: 6;
        border: none;
        padding: 0;
        background: $surface;
        display: none;
    }
    /* The list shows while choosing, so a chosen provider takes one line. */
    ProviderPicker.-open > OptionList {
        display: block;
    }
    /* The list never has focus (typing stays in the field), so its highlight is
       underlined as well as coloured: enter's choice shows without colour. */
    ProviderPicker > OptionList > .option-list--option-highlighted {
        text-style: bold underline;
    }
    ProviderPicker > .picker-hint {
        height: auto;
        display: none;
        color: $text-muted;
    }
    ProviderPicker.-open > .picker-hint {
        display: block;
    }
    ProviderPicker > .picker-hint.-asked {
        color: $text-warning;
        text-style: bold;
    }
    ProviderPicker > .picker-chosen {
        height: auto;
        color: $text-success;
    }
    ProviderPicker > .picker-chosen.-none {
        color: $text-muted;
    }
    ProviderPicker > .picker-new {
        height: auto;
        display: none;
        border-left: outer $border-blurred;
        padding-left: 1;
    }
    ProviderPicker.-new > .picker-new {
        display: block;
    }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next provider", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous provider", show=False, id="picker.up"),
    ]

    @dataclass
    class Changed(Message):
        """The choice (or the new provider's registration) changed."""

        picker: ProviderPicker

        @property
        def control(self) -> ProviderPicker:
            return self.picker

    def __init__(
        self,
        providers: Iterable[Provider],
        *,
        selected: str | None = None,
        placed: dict[str, int] | None = None,
        label: str = "Provider",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        # A retired provider stays offered only when it is the one already chosen.
        self._providers = sorted(
            (p for p in providers if not p.retired or p.id == selected),
            key=lambda p: p.name.casefold(),
        )
        self._all_names = {p.name.casefold(): p.name for p in providers}
        self._by_id = {p.id: p for p in self._providers}
        self._placed = placed or {}
        self._chosen: str | None = selected if selected in self._by_id else None
        self._new = False
        # The filter text the list was last filled for (keys typed fast reach the list
        # before the field's changes do; see `_refill`).
        self._filled_for: str | None = None
        # Made now, mounted only when a new provider is chosen (see `_choose`).
        self._fields: dict[str, Widget] = {
            "name": FieldInput(
                label="New provider's name",
                required=True,
                hint="type the provider's name",
                check=self._name_clash,
                id="new_provider_name",
            ),
            "registration": Select[str](
                [(REGISTRATION_LABELS[r], r) for r in REGISTRATIONS],
                value="unregistered",
                allow_blank=False,
                compact=True,
                id="new_provider_registration",
            ),
            "contact": FieldInput(label="Contact name", id="new_provider_contact"),
            "phone": FieldInput(label="Phone", id="new_provider_phone"),
            "email": FieldInput(label="Email", check=email_check, id="new_provider_email"),
        }

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="type to find a provider, or a new provider's name",
            compact=True,
            select_on_focus=False,
            classes="picker-filter",
        )
        yield OptionList(classes="picker-options")
        yield Static("", classes="picker-hint")
        yield Static("", classes="picker-chosen")
        # The new provider's fields are made when first needed (see `_open_new`).
        yield Vertical(classes="picker-new")

    def _new_fields(self) -> list[Widget]:
        fields = self._fields
        rows: list[Widget] = []
        for label, widget in (
            ("Name *", fields["name"]),
            ("Registration", fields["registration"]),
            ("Contact name", fields["contact"]),
            ("Phone", fields["phone"]),
            ("Email", fields["email"]),
        ):
            rows.extend(field_row(label, widget))
        return rows

    def on_mount(self) -> None:
        self._fill_options("")
        self._show_choice()

    # --- public --------------------------------------------------------------------------

    @property
    def provider_id(self) -> str | None:
        return None if self._new else self._chosen

    @property
    def is_new(self) -> bool:
        return self._new

    @property
    def chosen(self) -> Provider | None:
        return None if self._new or self._chosen is None else self._by_id.get(self._chosen)

    @property
    def unregistered(self) -> bool:
        if self._new:
            value = self._select("registration").value
            return value in (Select.NULL, "unregistered")
        provider = self.chosen
        return provider is None or provider.is_unregistered

    def new_provider(self, *, lenient: bool = False) -> Provider:
        """The provider typed in (without an id: the form gives it one)."""
        name = self._text("name")
        registration = self._select("registration").value
        reg: Registration = (
            registration if isinstance(registration, str) else "unregistered"  # type: ignore[assignment]
        )

        email = self._text("email")
        if lenient and email and email_check(email):
            email = None
        return Provider(
            name=name or "(new provider)",
            registration=reg,
            contact_name=self._text("contact"),
            phone=self._text("phone"),
            email=email,
        )

    def _text(self, key: str) -> str | None:
        field = self._fields[key]
        assert isinstance(field, FieldInput)
        return field.text

    def _select(self, key: str) -> Select[str]:
        field = self._fields[key]
        assert isinstance(field, Select)
        return field

    def problem(self, for_save: bool = False) -> str | None:
        if for_save and not self._new and self._chosen is None:
            return (
                f"{self.label}: none chosen: type part of its name and press enter, "
                "or choose “New provider” to add one."
            )
        return None

    def form_state(self) -> object:
        return (self._chosen, self._new)

    def focus(self, scroll_visible: bool = True) -> ProviderPicker:
        self.query_one(".picker-filter", Input).focus(scroll_visible)
        return self

    # --- behaviour -----------------------------------------------------------------------

    def _name_clash(self, name: str) -> str | None:
        existing = self._all_names.get(name.casefold())
        if existing:
            return (
                f"{existing!r} is already a provider: pick it from the list above, "
                "or type a different name"
            )
        return None

    def _filter_text(self) -> str:
        return self.query_one(".picker-filter", Input).value

    def _refill(self) -> None:
        """Fill the list for the field's text now, unless it already is."""
        text = self._filter_text()
        if text != self._filled_for:
            self._fill_options(text)

    def _fill_options(self, text: str) -> None:
        self._filled_for = text
        words = text.casefold().split()
        options = self.query_one(".picker-options", OptionList)
        matching = [p for p in self._providers if all(word in p.name.casefold() for word in words)]
        items: list[Option] = []
        for provider in matching:
            placed = self._placed.get(provider.id, 0)
            extra = [registration_words(provider.registration).split(" (")[0]]
            if placed:
                extra.append(f"{placed} placed")
            if provider.retired:
                extra.append("retired")
            items.append(Option(Text(f"{provider.name}  ({', '.join(extra)})"), id=provider.id))
        typed = text.strip()
        items.append(
            Option(Text(f"+ New provider “{typed}”" if typed else "+ New provider …"), id=NEW)
        )
        options.set_options(items)
        # The provider already chosen is highlighted while nothing is typed, so enter on
        # arriving keeps it; else the first match; the new provider's option only when
        # moved to.
        ids = [p.id for p in matching]
        if not text.strip() and self._chosen in ids:
            options.highlighted = ids.index(self._chosen)
        else:
            options.highlighted = 0 if matching else None
        self._show_hint()

    def _show_hint(self, asked: bool = False) -> None:
        """Say what enter does now: take the match, make a new provider, or nothing."""
        hint = self.query_one(".picker-hint", Static)
        options = self.query_one(".picker-options", OptionList)
        option = options.highlighted_option
        typed = self._filter_text().strip()
        if option is not None and option.id == NEW:
            words = (
                f"enter makes a new provider “{typed}”, saved with this form."
                if typed
                else "enter makes a new provider: you type its details next."
            )
        elif option is not None:
            words = "enter takes the highlighted provider; ↑ ↓ move."
        else:
            shown = f"“{typed}”" if typed else "that"
            words = (
                f"No provider matches {shown}: type less of the name, or press ↓ to "
                "“+ New provider” and enter to make a new one."
            )
        hint.update(Text(words))
        hint.set_class(asked and option is None, "-asked")

    def _show_choice(self) -> None:
        chosen = self.query_one(".picker-chosen", Static)
        provider = self.chosen
        if self._new:
            words = "✓ A new provider, saved with this form: fill in its details below."
        elif provider is not None:
            words = f"✓ {provider.name} — {registration_words(provider.registration)}"
        else:
            words = "No provider chosen yet."
        chosen.update(Text(words))
        chosen.set_class(provider is None and not self._new, "-none")
        self.set_class(self._new, "-new")

    def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id == NEW:
            self._new = True
            typed = self.query_one(".picker-filter", Input).value.strip()
            box = self.query_one(".picker-new", Vertical)
            mounting = box.mount_all(self._new_fields()) if not box.children else None
            name = self._fields["name"]
            assert isinstance(name, FieldInput)
            if typed and not name.value:
                name.value = typed
            self._show_choice()
            self.post_message(self.Changed(self))
            self.run_worker(self._focus_name(mounting), group="picker-focus")
            return
        self._new = False
        self._chosen = option_id
        self._show_choice()
        self.post_message(self.Changed(self))
        focus_after(self)

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        """Keys the form hands over the moment they are pressed (see FormScreen)."""
        options = self.query_one(".picker-options", OptionList)
        in_filter = focused is self.query_one(".picker-filter", Input)
        # Letters typed just before may still be queued on the field: act after them, on
        # the list filled for all of them.
        if key in ("up", "down") and in_filter:
            focused.call_later(self._move_if_still_in, focused, 1 if key == "down" else -1)
            return True
        if key == "enter" and in_filter:
            focused.call_later(self._enter_if_still_in, focused)
            return True
        if key in ("tab", "shift+tab") and in_filter:
            # After an enter typed ahead, so the move starts from where enter left focus.
            focused.call_later(self._move_focus, key)
            return True
        if key == "enter" and focused is options:
            self._take_highlighted()
            return True
        return False

    def _move_if_still_in(self, field: Widget, step: int) -> None:
        if self.app.focused is field:
            self.action_move(step)

    def _enter_if_still_in(self, field: Widget) -> None:
        # A key typed ahead has moved on already: leave it at that.
        if self.app.focused is field:
            self._take_highlighted()

    def _move_focus(self, key: str) -> None:
        # Focusing is done by the app in turn, so ask it after any focus enter asked for.
        screen = self.screen
        self.app.call_later(screen.focus_next if key == "tab" else screen.focus_previous)

    def _take_highlighted(self) -> None:
        self._refill()
        option = self.query_one(".picker-options", OptionList).highlighted_option
        if option is None:
            self._show_hint(asked=True)
            return
        self._choose(option.id)

    async def _focus_name(self, mounting: Awaitable[object] | None) -> None:
        # Focus (and scroll to) the name once its row is laid out.
        if mounting is not None:
            await mounting
        self._fields["name"].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.query_one(".picker-filter", Input).has_focus
        return True

    def action_move(self, step: int) -> None:
        self._refill()
        options = self.query_one(".picker-options", OptionList)
        if options.highlighted is None:
            if step > 0:
                options.highlighted = 0
        elif step > 0:
            options.highlighted = min(options.highlighted + 1, options.option_count - 1)
        else:
            options.highlighted = max(options.highlighted - 1, 0)
        self._show_hint()

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def _focus_moved(self) -> None:
        # A class rather than :focus-within, which is not always restyled when focus
        # is moved by code.
        self.call_after_refresh(self._open_or_close)

    def _open_or_close(self) -> None:
        opening = self.has_focus_within and not self.has_class("-open")
        self.set_class(self.has_focus_within, "-open")
        if opening:
            # The list shows below the field: bring it into view, not below the fold.
            self.call_after_refresh(self._list_into_view)

    def _list_into_view(self) -> None:
        if self.has_class("-open"):
            self.query_one(".picker-hint", Static).scroll_visible(animate=False)

    @on(Input.Changed, ".picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._refill()
        self.call_after_refresh(self._list_into_view)

    @on(Input.Submitted, ".picker-filter")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self._take_highlighted()

    @on(OptionList.OptionSelected, ".picker-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    @on(OptionList.OptionHighlighted, ".picker-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_hint()

    @on(Select.Changed, "#new_provider_registration")
    def _registration(self, event: Select.Changed) -> None:
        self.post_message(self.Changed(self))

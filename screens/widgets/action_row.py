"""One action agreed in a call, on one line: what, who, by when (a date as typed), and
`[school only]` when it is kept in school."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from alp_tui.contact_form import ActionDraft
from screens.widgets.share_mark import ShareMark


class ActionRow(Horizontal):
    """One action agreed: what, who, by when. The contact form adds an empty row below the
    last one as soon as something is typed in it."""

    def __init__(self, index: int, action: ActionDraft | None = None) -> None:
        super().__init__(classes="action-row")
        self.index = index
        self.action = action or ActionDraft()

    def compose(self) -> ComposeResult:
        yield Input(
            self.action.text,
            placeholder="action agreed",
            id=f"action-text-{self.index}",
            classes="action-text",
            compact=True,
            select_on_focus=False,
        )
        yield Input(
            self.action.owner,
            placeholder="who",
            id=f"action-owner-{self.index}",
            classes="action-owner",
            compact=True,
            select_on_focus=False,
        )
        yield Input(
            self.action.due,
            placeholder="due",
            id=f"action-due-{self.index}",
            classes="action-due date",
            compact=True,
        )
        yield ShareMark(self.action.share, for_id=f"action-{self.index}")

    def value(self) -> ActionDraft:
        if not self.query(".action-due"):
            # Just mounted and not composed yet: it holds what it was given.
            return ActionDraft(
                self.action.text,
                self.action.owner,
                self.action.due,
                self.action.done,
                self.action.share,
            )
        return ActionDraft(
            text=self.query_one(".action-text", Input).value,
            owner=self.query_one(".action-owner", Input).value,
            due=self.query_one(".action-due", Input).value,
            done=self.action.done,
            share=self.query_one(ShareMark).state,
        )

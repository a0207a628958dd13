"""The yes/no dialog every screen uses before dropping typing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from screens.confirm import ConfirmScreen


class _Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool | None] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def ask(self, question: str) -> None:
        self.push_screen(ConfirmScreen(question), self.answers.append)


async def test_yes_key_answers_true() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask("Discard your typing?")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.answers == [True]


async def test_escape_and_enter_on_default_answer_no() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask("Discard your typing?")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        app.ask("Discard your typing?")
        await pilot.pause()
        # The "No" button has focus, so enter keeps the typing.
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [False, False]


async def test_question_text_is_not_markup() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask("Archive [tbc] Smith?")
        await pilot.pause()
        question = app.screen.query_one("#confirm-question", Static)
        assert "[tbc]" in str(question.render())

"""The single-key widgets of the contact form, each in a bare app."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.widgets.attendance import AttendanceEditor, AttendanceRow, hours_problem
from screens.widgets.rating import ChoicePicker, RatingPicker


class Bare(App[None]):
    def __init__(self, *widgets: object) -> None:
        super().__init__()
        self._widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self._widgets  # type: ignore[misc]


async def test_rating_keys() -> None:
    picker = RatingPicker()
    app = Bare(picker)
    async with app.run_test() as pilot:
        picker.focus()
        assert "rate" in str(picker.render()) or "not rated" in str(picker.render())
        await pilot.press("4")
        assert picker.value == 4
        assert str(picker.render()) == "●●●●○ 4 secure"
        await pilot.press("right", "right")
        assert picker.value == 5
        await pilot.press("left")
        assert picker.value == 4
        await pilot.press("9")  # not a rating: ignored
        assert picker.value == 4
        await pilot.press("0")
        assert picker.value is None


async def test_rating_down_jumps_to_the_next_rating() -> None:
    first, second = RatingPicker(id="r1"), RatingPicker(id="r2")
    from textual.widgets import Input

    app = Bare(first, Input(id="between"), second)
    async with app.run_test() as pilot:
        first.focus()
        await pilot.press("3", "down", "2")
        assert (first.value, second.value) == (3, 2)
        await pilot.press("up")
        assert app.focused is first


async def test_choice_letters_pick_and_repeat() -> None:
    picker = ChoicePicker([("phone", "phone"), ("video", "video"), ("visit", "visit")])
    app = Bare(picker)
    async with app.run_test() as pilot:
        picker.focus()
        assert picker.value == "phone"
        await pilot.press("v")
        assert picker.value == "video"
        await pilot.press("v")
        assert picker.value == "visit"
        await pilot.press("v")
        assert picker.value == "video"
        await pilot.press("q")  # no option starts with q
        assert picker.value == "video"
        await pilot.press("left")
        assert picker.value == "phone"
        assert str(picker.render()) == "‹ phone ›"


async def test_attendance_marks_and_hours() -> None:
    rows = [
        AttendanceRow("tue", 6.0, times="09:00–15:00", id="tue"),
        AttendanceRow("thu", 3.5, times="09:00–12:30", id="thu"),
    ]
    editor = AttendanceEditor(rows)
    app = Bare(editor)
    async with app.run_test(size=(80, 10)) as pilot:
        tue, thu = rows
        tue.focus()
        await pilot.press("a")
        assert (tue.mark, tue.hours_text) == ("absent_unauthorised", "0")
        await pilot.press("p")
        assert (tue.mark, tue.hours_text) == ("present", "6")
        await pilot.press("l", "5", ".", "5")
        assert (tue.mark, tue.hours_text) == ("late", "5.5")
        assert tue.session().attended_hours == 5.5
        await pilot.press("down", "k")
        assert app.focused is thu
        assert (thu.mark, thu.attended_hours) == ("cancelled_by_provider", 0.0)
        await pilot.press("x")
        assert thu.mark == "absent_authorised"
        await pilot.press("p")
        assert thu.hours_text == "3.5"
        total = str(editor.query_one("#attendance-total").render())
        assert total == "attended 9 of 9.5 h (95%)"
        # Rubbing out every digit leaves a row that says what is wrong.
        await pilot.press("backspace", "backspace", "backspace")
        assert thu.hours_text == ""
        assert thu.error == "Thursday: type the hours attended (0 if none)"
        assert "not a number" in str(thu.render())


def test_hours_problems_are_sentences() -> None:
    assert hours_problem("6") is None
    assert hours_problem("0") is None
    assert hours_problem("abc") == "'abc' is not a number of hours"
    assert hours_problem("30") == "30 h is not between 0 and 24 hours"

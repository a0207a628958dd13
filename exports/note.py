"""The Word review note for one pupil, written for the school, the provider or the parents.

`compose_note` redacts the data for the audience first (`exports.redact`), works out what to
say (`exports.content`) and lays it out with real Word styles: headings, a built-in table
style, week-by-week strips (`exports.pictures`), an A4 page and a header and footer saying
whom it is for. The parents' copy is a letter to the family, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from alp_tui import rules, weeks
from alp_tui.authority import arranged_by_words, register_code_words, told_words
from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.lexicon import first_harm
from alp_tui.models import ENGAGEMENT_WORDS, RATING_WORDS, Concern, Placement, Pupil
from exports import content
from exports.content import Period
from exports.docxkit import (
    new_document,
    style_or_none,
    xml_text,
)
from exports.errors import ExportError, SeveralProvidersError
from exports.furniture import header_and_footer, set_properties
from exports.heldback import held_back_rows, held_from_words
from exports.layout import Page
from exports.pictures import StripRow, add_strips
from exports.redact import Audience, SharedItem, check_audience, release, shared_items
from exports.release import ReleaseItem
from exports.wording import (
    CATEGORY_WORDS,
    DECISION_WORDS,
    DESTINATION_WORDS,
    PARENT_DECISION_WORDS,
    STATUS_WORDS,
    action_sentence,
    carer_line,
    change_words,
    hours,
    marks_words,
    plain_words,
    provider_words,
    schedule_words,
)

# Every note has these sections, in this order; the school's copy adds CURRENT_PROBLEMS and
# HELD_BACK, and the parents' letter gives them plainer names (PARENT_HEADINGS).
ABOUT = "Pupil and placement"
CURRENT_PROBLEMS = "Current problems"
HELD_BACK = "What the shared copies hold back"
ATTENDANCE = "Attendance"
TARGETS = "Progress against targets"
ENGAGEMENT = "Engagement"
CALLS = "The weekly calls"
CONCERNS = "Concerns"
ACTIONS = "Actions agreed"
TRANSITION = "Transition plan"
NEXT = "Next contact and review"
SECTIONS: tuple[str, ...] = (ABOUT, ATTENDANCE, TARGETS, ENGAGEMENT, CALLS, CONCERNS, ACTIONS,
                             TRANSITION, NEXT)  # fmt: skip
SCHOOL_SECTIONS: tuple[str, ...] = (ABOUT, CURRENT_PROBLEMS, HELD_BACK, *SECTIONS[1:])
PARENT_HEADINGS: dict[str, str] = {
    ABOUT: "About the placement",
    ATTENDANCE: "Attendance",
    TARGETS: "Progress towards the targets",
    ENGAGEMENT: "Taking part",
    CALLS: "What the provider told us each week",
    CONCERNS: "Concerns",
    ACTIONS: "What we agreed to do",
    TRANSITION: "After the placement",
    NEXT: "What happens next",
}
PARENT_SECTIONS: tuple[str, ...] = tuple(PARENT_HEADINGS[s] for s in SECTIONS)

TARGET_COLUMNS = ("Target", "Latest rating", "Change this period", "Notes")
PARENT_TARGET_COLUMNS = (
    "Target",
    "How it is going",
    "Change",
    "What the provider says",
)
ATTENDANCE_COLUMNS = ("Week beginning", "Planned hours", "Attended hours", "Rate", "Sessions")


def sections_for(audience: str) -> tuple[str, ...]:
    """The headings of an audience's note, in order."""
    return {"school": SCHOOL_SECTIONS, "parent": PARENT_SECTIONS}.get(audience, SECTIONS)


@dataclass(frozen=True)
class Note:
    """A note as built: the document, and for a shared copy every free-text item it could
    carry (`held` the ones it holds back); for the school's copy, those of the shared
    copies, with which copies hold each back."""

    document: DocxDocument
    items: list[ReleaseItem] = field(default_factory=list)
    shared: list[SharedItem] = field(default_factory=list)

    @property
    def held(self) -> list[ReleaseItem]:
        return [item for item in self.items if not item.carried]


def build_note(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    today: date,
    weeks: int | None = None,
    template: Path | None = None,
    *,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> DocxDocument:
    """The review note as a python-docx Document (not saved: see `exports.write_note`)."""
    return compose_note(
        caseload, pupil_id, audience, today, weeks, template,
        placement_id=placement_id, provider_id=provider_id,
    ).document  # fmt: skip


def compose_note(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    today: date,
    weeks: int | None = None,
    template: Path | None = None,
    *,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> Note:
    """The review note and what it holds back.

    Covers `placement_id` if given, else the pupil's active placements (else their latest),
    only those at `provider_id` if that is given. A provider's note covers one provider:
    for a pupil placed with several, name the placement or the provider, or it raises
    `SeveralProvidersError`. The period runs back `weeks` weeks from `today`, else to the
    last review, else to the placement's start. `template` is a letterhead .docx the note
    is built on.
    """
    who = check_audience(audience)
    scope = _scope(caseload, pupil_id, who, today, weeks, placement_id, provider_id)
    covered, periods, provider_id = scope.covered, scope.periods, scope.provider_id
    copy = release(caseload, pupil_id, who, provider_id=provider_id, periods=periods)
    data = copy.caseload
    placements = [data.placements[p.id] for p in covered]
    problems: list[rules.Problem] = []
    shared: list[SharedItem] = []
    if who == "school":
        # From the whole caseload: a provider's registration risk depends on other pupils.
        problems = rules.problems_about(
            rules.find_problems(caseload, today), pupil_id, {p.provider_id for p in placements}
        )
        shared = shared_items(caseload, pupil_id, covered, periods, provider_id)
    doc = new_document(template)
    writer = _NoteWriter(doc, data, data.pupils[pupil_id], placements, who, today, periods)
    writer.write(problems, shared)
    return Note(doc, copy.items, shared)


@dataclass(frozen=True)
class _Scope:
    """What a note covers: its placements, the period of each, and the provider whose
    copy it is (a provider's note covers one)."""

    covered: list[Placement]
    periods: dict[str, Period]
    provider_id: str | None


def _scope(
    caseload: Caseload,
    pupil_id: str,
    who: Audience,
    today: date,
    weeks: int | None,
    placement_id: str | None,
    provider_id: str | None,
) -> _Scope:
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        raise ExportError(f"there is no pupil with the id {pupil_id!r}")
    covered = content.covered_placements(caseload, pupil_id, placement_id, provider_id)
    if who == "provider" and provider_id is None:
        ids = {p.provider_id for p in covered}
        if len(ids) > 1:
            names = sorted(
                caseload.providers[i].name if i in caseload.providers else i for i in ids
            )
            raise SeveralProvidersError(pupil.display_name, tuple(names))
        provider_id = covered[0].provider_id
    periods = {p.id: content.period_for(caseload, p, today, weeks) for p in covered}
    return _Scope(covered, periods, provider_id)


def note_items(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    today: date,
    weeks: int | None = None,
    *,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> list[ReleaseItem]:
    """Every free-text item the note for `audience` would print, carried or held back, as
    `compose_note` decides it (by the states saved on the items): what the release preview
    shows before a shared copy is written. The school's copy has none."""
    who = check_audience(audience)
    scope = _scope(caseload, pupil_id, who, today, weeks, placement_id, provider_id)
    return release(
        caseload, pupil_id, who, provider_id=scope.provider_id, periods=scope.periods
    ).items


class _NoteWriter(Page):
    def __init__(
        self,
        doc: DocxDocument,
        data: Caseload,
        pupil: Pupil,
        placements: list[Placement],
        audience: Audience,
        today: date,
        periods: dict[str, Period],
    ) -> None:
        super().__init__(doc)
        self.data = data
        self.pupil = pupil
        self.placements = placements
        self.audience = audience
        self.today = today
        self.periods = periods
        self.school = data.meta.school_name.strip() or "The school"
        self.name = pupil.preferred_name or pupil.first_name

    # --- words --------------------------------------------------------------------------

    @property
    def parent(self) -> bool:
        return self.audience == "parent"

    def say(self, text: str | None) -> str:
        """User-written text as this audience reads it."""
        text = (text or "").strip()
        return plain_words(text) if self.parent else text

    def provider_name(self, placement: Placement) -> str:
        provider = self.data.provider_of(placement)
        return provider.name if provider else "the provider"

    def providers(self) -> str:
        return " and ".join(sorted({self.provider_name(p) for p in self.placements}))

    def rating_words(self, rating: int) -> str:
        words = RATING_WORDS[rating]
        return f"{words[:1].upper()}{words[1:]} ({rating})" if self.parent else (
            f"{words} ({rating} of 5)"
        )  # fmt: skip

    @property
    def several(self) -> bool:
        return len(self.placements) > 1

    @property
    def whole_period(self) -> Period:
        return Period(
            min(p.start for p in self.periods.values()),
            max(p.end for p in self.periods.values()),
            "",
        )

    # --- building blocks ----------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """A heading; the parents' letter names the sections in plainer words."""
        if self.parent and level == 1:
            text = PARENT_HEADINGS.get(text, text)
        return super().heading(text, level)

    def per_placement(self, placement: Placement) -> None:
        """A sub-heading naming the provider, when the note covers several placements."""
        if self.several:
            self.heading(f"At {self.provider_name(placement)}", 2)

    # --- the note -----------------------------------------------------------------------

    def write(self, problems: list[rules.Problem], shared: list[SharedItem]) -> None:
        title = self.title_words()
        status = "Private to the family" if self.parent else "Confidential"
        set_properties(self.doc, title, self.school, self.today, status)
        self.header_and_footer()
        self.title(title, shared)
        self.about()
        if self.audience == "school":
            self.current_problems(problems)
            self.held_back(shared)
        self.attendance()
        self.targets()
        self.engagement()
        self.calls()
        self.concerns()
        self.actions()
        self.transition()
        self.next_steps()
        if self.parent:
            self.closing()

    def title_words(self) -> str:
        if self.parent:
            return f"How {self.name} is getting on at {self.providers()}"
        return f"Review note: {self.pupil.display_name}"

    def audience_line(self) -> str:
        if self.audience == "school":
            return "the school's own copy"
        if self.audience == "provider":
            return f"written for {self.providers()}"
        return "written for the pupil's family"

    def header_and_footer(self) -> None:
        if self.parent:
            header = (self.school, f" · a letter about {self.name}")
            footer = (
                f"Private to {self.name}'s family. ",
                f"It was written for you by {self.school}; please keep it safe.",
            )
        else:
            header = ("CONFIDENTIAL", f"   {self.school} · review note · {self.pupil.display_name}")
            footer = (
                "Confidential",
                f": {self.audience_line()}. Please do not share this note without "
                f"{self.school}'s agreement.",
            )
        header_and_footer(self.doc, header, footer)

    def title(self, title: str, shared: list[SharedItem]) -> None:
        self.doc.add_paragraph(xml_text(title), style=style_or_none(self.doc, "Title"))
        subtitle = style_or_none(self.doc, "Subtitle")
        if self.parent:
            line = f"A letter from {self.school}, {uk(self.today)}"
        else:
            line = f"{self.school} · prepared on {uk(self.today)}"
        self.doc.add_paragraph(xml_text(line), style=subtitle)
        if self.audience == "school":
            held = [s for s in shared if s.held_from]
            if held:
                items = "1 item" if len(held) == 1 else f"{len(held)} items"
                lead = "Held back from the provider's and parents' copies: "
                self.para(f"{items} (listed under “{HELD_BACK}” below).", bold_lead=lead)
            return
        self.introduction()

    def introduction(self) -> None:
        pupil = self.pupil
        start = self.whole_period.start
        contact = f"{pupil.school_lead} at {self.school}" if pupil.school_lead else self.school
        if self.parent:
            if pupil.carers:
                self.para(f"Dear {pupil.carers[0].name},")
            self.para(
                f"We are writing to tell you how {self.name} has been getting on at "
                f"{self.providers()} from {uk(start)} to {uk(self.today)}: coming to "
                f"sessions, progress towards the targets we agreed with you, and what "
                f"happens next. We talk to {self.providers()} every week, and this letter "
                f"sums up what they have told us."
            )
        else:
            self.para(
                f"This note sums up what {self.school} has recorded from our contact with "
                f"{self.providers()} about {self.name} from {uk(start)} to "
                f"{uk(self.today)}. Please tell {contact} if anything in it is wrong."
            )

    def closing(self) -> None:
        pupil = self.pupil
        who = pupil.school_lead or "the school office"
        self.para(
            f"If anything in this letter is unclear, or you would like to talk about "
            f"{self.name}'s {'placements' if self.several else 'placement'}, please contact "
            f"{who} at {self.school}."
        )
        self.para("Yours sincerely,")
        if pupil.school_lead:
            self.para(pupil.school_lead)
        self.para(self.school)

    def about(self) -> None:
        self.heading(ABOUT)
        pupil = self.pupil
        rows: list[list[str | list[str]]] = [["Pupil", pupil.display_name]]
        if pupil.year_group is not None:
            rows.append(["Year group", f"Year {pupil.year_group}"])
        if self.audience == "school":
            if pupil.upn:
                rows.append(["UPN", pupil.upn])
            if pupil.school_lead:
                rows.append(["School lead", pupil.school_lead])
        elif pupil.school_lead:
            rows.append(["Contact at school", pupil.school_lead])
        support = self.support_words()
        if support:
            rows.append(["Support", support])
        if self.audience == "school" and pupil.carers:
            rows.append(["Parents and carers", [carer_line(c) for c in pupil.carers]])
        for placement in self.placements:
            rows.extend(self.placement_rows(placement))
        if not self.parent:  # the letter is addressed to them
            rows.append(["Prepared for", self.prepared_for()])
        self.table(None, rows, [45, 125])

    def support_words(self) -> str:
        pupil = self.pupil
        words = []
        if pupil.ehcp:
            words.append(
                "Education, Health and Care plan" if self.parent
                else "EHC plan (Education, Health and Care plan)"
            )  # fmt: skip
        if pupil.sen_support:
            words.append("extra help for special educational needs" if self.parent
                         else "SEN support")  # fmt: skip
        if pupil.looked_after:
            words.append("looked after")
        if pupil.child_protection:  # only ever set in the school's copy (see redact)
            words.append("child protection plan")
        return "; ".join(words)

    def prepared_for(self) -> str:
        if self.audience == "parent":
            carers = self.pupil.carers
            return carers[0].name if carers else f"{self.pupil.display_name}'s parents or carers"
        line = self.audience_line().removeprefix("written for ")
        return line[:1].upper() + line[1:]

    def placement_rows(self, placement: Placement) -> list[list[str | list[str]]]:
        provider = self.data.provider_of(placement)
        rows: list[list[str | list[str]]] = [["Provider", provider_words(provider)]]
        ends = placement.ended_on or placement.end_date
        until = f" to {uk(ends)}" if ends else " (no end date set)"
        status = {"planned": "planned", "active": "under way", "ended": "ended"}[placement.status]
        rows.append(["Placement dates", f"{uk(placement.start_date)}{until} ({status})"])
        rows.append(["Days and hours", schedule_words(placement)])
        if placement.focus:  # empty when held back from this audience
            rows.append(["What it is for" if self.parent else "Focus", self.say(placement.focus)])
        if self.audience == "school":
            # How the school records the sessions and tells the authority: its own business.
            arranged = arranged_by_words(placement) + (", online" if placement.online else "")
            rows.append(["Arranged by", arranged[:1].upper() + arranged[1:]])
            rows.append(["Register code", register_code_words(placement)])
            rows.append(["Local authority told", told_words(placement)])
        period = self.periods[placement.id]
        if self.parent:
            rows.append(["This letter covers", f"{uk(period.start)} to {uk(period.end)}"])
        else:
            rows.append(["Period covered", period.words])
        return rows

    # --- sections -----------------------------------------------------------------------

    def current_problems(self, problems: list[rules.Problem]) -> None:
        self.heading(CURRENT_PROBLEMS)
        if not problems:
            self.para(f"No problems are flagged for this pupil as of {uk(self.today)}.")
            return
        self.para(f"As of {uk(self.today)} (!! needs action now, ! needs attention soon):")
        for problem in problems:
            self.bullet(f" {problem.code}: {problem.message}", bold_lead=problem.marker)

    def held_back(self, shared: list[SharedItem]) -> None:
        """What the provider's and parents' copies leave out, and why; and what of the
        agreed plan they carry although it reads like a safeguarding matter."""
        self.heading(HELD_BACK)
        held = [s for s in shared if s.held_from]
        if not held:
            self.para("Nothing is held back from the provider's or the parents' copy.")
        else:
            self.para(
                "Free text that reads like a safeguarding matter or that the ALP lead kept in "
                "school, and every concern not shared on purpose, stays out of the provider's "
                "and the parents' copies. An item caught by mistake can be released in the "
                "check before a shared copy is exported."
            )
            rows: list[list[str | list[str]]] = [
                [[label, f"“{first.item.excerpt}”"], held_from_words(first.held_from),
                 first.item.reason]
                for label, first in held_back_rows(held)
            ]  # fmt: skip
            self.table(("Item", "Held back from", "Why"), rows, [75, 30, 65])
        released = [
            (s.item, match)
            for s in shared
            if s.item.state == "all" and not s.held_from
            for match in [first_harm([s.item.text])]
            if match is not None
        ]
        if released:
            self.para(
                "", bold_lead="Released by the ALP lead to the shared copies, though it reads "
                "like a safeguarding matter:"
            )  # fmt: skip
            for item, match in released:
                self.bullet(f"“{item.excerpt}” ({match.reason})", bold_lead=f"{item.label}: ")
        flagged = [s.item for s in shared if s.item.flagged_plan and not s.held_from]
        if flagged:
            self.para(
                "", bold_lead="In every copy as part of the plan agreed with the provider and "
                "the family, though it reads like a safeguarding matter:"
            )  # fmt: skip
            for item in flagged:
                reason = item.match.reason if item.match else item.reason
                self.bullet(f"“{item.excerpt}” ({reason})", bold_lead=f"{item.label}: ")

    def attendance(self) -> None:
        self.heading(ATTENDANCE)
        for placement in self.placements:
            self.per_placement(placement)
            period = self.periods[placement.id]
            record = content.attendance(self.data, placement, period)
            if not record.weeks:
                self.para("No attendance was recorded in this period.")
                continue
            count = len(record.weeks)
            if self.parent:
                summary = (
                    f"{self.name} attended {hours(record.attended)} of the "
                    f"{hours(record.planned)} hours planned"
                )
            else:
                summary = (
                    f"Attended {hours(record.attended)} of {hours(record.planned)} planned hours"
                )
            if record.percent is not None:
                summary += f" ({record.percent:g}%)"
            summary += f" over {count} week{'s' if count != 1 else ''}."
            self.para(summary)
            if record.marks:
                self.para(marks_words(record.marks) + ".", bold_lead="Sessions: ")
            strip = weeks.attendance_strip(self.data, placement, period.start, period.end)
            self.para(
                "Each cell is a week: the share of the planned hours attended, darker for "
                "more (– where nothing was recorded).",
                bold_lead="At a glance: ",
            ).paragraph_format.keep_with_next = True
            add_strips(self.doc, self.width, [StripRow("Attendance", strip)], "Week beginning")
            if self.parent:
                continue  # the hours week by week are the school's and the provider's record
            rows: list[list[str | list[str]]] = []
            for week in record.weeks:
                percent = "–" if week.percent is None else f"{week.percent:g}%"
                rows.append([uk(week.week_start), hours(week.planned), hours(week.attended),
                             percent, marks_words(week.marks)])  # fmt: skip
            self.table(ATTENDANCE_COLUMNS, rows, [32, 25, 25, 18, 70])

    def targets(self) -> None:
        self.heading(TARGETS)
        if self.parent:
            self.rating_key()
        else:
            self.para("Ratings run from 1 (not started) to 5 (achieved).")
        for placement in self.placements:
            self.per_placement(placement)
            period = self.periods[placement.id]
            progress = content.target_progress(self.data, placement, period)
            if not progress:
                self.para("No active targets are recorded for this placement.")
                continue
            rows: list[list[str | list[str]]] = []
            strips = []
            for item in progress:
                target = [self.say(item.target.description)]
                if item.target.status == "achieved":
                    target.append("Achieved")
                if item.target.success_criteria:
                    target.append(f"Success looks like: {self.say(item.target.success_criteria)}")
                if item.latest is None:
                    latest = ["not yet rated"]
                else:
                    on = f"{'rated ' if self.parent else ''}on {uk(item.latest.day)}"
                    latest = [self.rating_words(item.latest.rating), on]
                change = item.change
                if self.parent:
                    change = change.replace("in this period", "in this time")
                    if item.compared_with and item.latest and item.in_period:
                        change = change_words(item.compared_with.rating, item.latest.rating)
                notes = [f"{run.when}: {self.say(run.text)}" for run in item.notes]
                rows.append([target, latest, change, notes or ["No notes in this period."]])
                cells = weeks.rating_strip(
                    self.data, placement, item.target.id, period.start, period.end
                )
                strips.append(StripRow(self.say(item.target.description), cells))
            columns = PARENT_TARGET_COLUMNS if self.parent else TARGET_COLUMNS
            self.table(columns, rows, [50, 32, 36, 52])
            self.para(
                "Each cell is a week: the target's rating for that week, darker for higher "
                "(– where it was not rated).",
                bold_lead="At a glance: ",
            ).paragraph_format.keep_with_next = True
            add_strips(self.doc, self.width, strips, "Target")
            self.review_decisions(placement)

    def review_decisions(self, placement: Placement) -> None:
        """The review meetings of the period and what each decided, target by target: the
        decisions are the plan agreed with everyone, so every copy has them; who came and
        what was said stay in the school's copy."""
        period = self.periods[placement.id]
        for review in self.data.reviews_of(placement.id):
            if not period.contains(review.date):
                continue
            decided = [
                (self.data.targets[d.target_id], d)
                for d in review.decisions
                if d.target_id in self.data.targets
            ]
            school = self.audience == "school"
            if not decided and not (school and (review.summary or review.attendees)):
                continue
            lead = self.para("", bold_lead=f"Review meeting on {uk(review.date)}")
            lead.paragraph_format.keep_with_next = True
            if school and review.attendees:
                self.para(", ".join(review.attendees), bold_lead="Present: ")
            if school and review.summary:
                self.para(review.summary, bold_lead="Summary: ")
            words = PARENT_DECISION_WORDS if self.parent else DECISION_WORDS
            for target, decision in decided:
                said = words[decision.decision]
                if decision.note:
                    said += f": {self.say(decision.note)}"
                self.bullet(said, bold_lead=f"{self.say(target.description)}: ")
            if review.next_review is not None and placement.status == "active":
                self.para(f"The next review was set for {uk(review.next_review)}.")

    def rating_key(self) -> None:
        """What each rating means, for a family reading the targets and the strips."""
        self.para(
            f"{self.providers()} {'rate' if self.several else 'rates'} each target every week "
            "from 1 to 5. This is what the numbers mean:"
        ).paragraph_format.keep_with_next = True
        for rating, meaning in weeks.RATING_MEANINGS.items():
            words = RATING_WORDS[rating]
            line = self.bullet(
                meaning.format(name=self.name) + ".",
                bold_lead=f"{rating} – {words[:1].upper()}{words[1:]}: ",
            )
            line.paragraph_format.keep_with_next = rating < max(weeks.RATING_MEANINGS)

    def engagement(self) -> None:
        self.heading(ENGAGEMENT)
        self.para(
            "The provider tells us each week how involved "
            f"{self.name} has been, from 1 (very low) to 5 (very good)."
            if self.parent
            else "Engagement is rated 1 (very low) to 5 (very good) at each weekly contact."
        )
        for placement in self.placements:
            self.per_placement(placement)
            found = content.engagement(self.data, placement, self.periods[placement.id])
            if found.average is None or found.latest is None or found.latest_on is None:
                self.para("No engagement was recorded in this period.")
                continue
            latest_word = ENGAGEMENT_WORDS[found.latest]
            average_word = content.engagement_word(found.average)
            reports = f"{found.count} weekly report{'s' if found.count != 1 else ''}"
            if self.parent:
                self.para(
                    f"Over {reports}, {self.name}'s involvement was {average_word} on average."
                )
                self.para(f"Most recently, on {uk(found.latest_on)}, it was {latest_word}.")
            else:
                self.para(f"Average {found.average:g} out of 5 ({average_word}) over {reports}.")
                self.para(
                    f"Latest {found.latest} out of 5 ({latest_word}) on {uk(found.latest_on)}."
                )

    def calls(self) -> None:
        """Each call of the period: the provider's summary and the pupil's own words."""
        self.heading(CALLS)
        voice = f"In {self.name}'s words"
        for placement in self.placements:
            self.per_placement(placement)
            period = self.periods[placement.id]
            rows: list[list[str | list[str]]] = []
            for contact in self.data.contacts_of(placement.id):
                if not period.contains(contact.date):
                    continue
                said, words = self.say(contact.summary), self.say(contact.pupil_voice)
                if said or words:
                    rows.append([uk(contact.date), said or "–", f"“{words}”" if words else "–"])
            if not rows:
                self.para(
                    "No calls were recorded in this period."
                    if self.audience == "school"
                    else "Nothing from the weekly calls to report."
                )
                continue
            what = "What the provider told us"
            self.table(("Call", what, voice), rows, [27, 85, 58])

    def concerns(self) -> None:
        self.heading(CONCERNS)
        period = self.whole_period
        found = content.concerns_for(
            self.data, self.pupil.id, {p.id for p in self.placements}, period
        )
        if not found:
            # A shared copy may have had concerns taken out: it never says there were none.
            if self.audience == "school":
                self.para("No concerns were recorded in this period.")
            elif self.parent:
                self.para(
                    "There are no concerns to report in this letter. If you are worried "
                    f"about anything, please contact {self.pupil.school_lead or self.school}."
                )
            else:
                self.para("No concerns to report in this note.")
            return
        for concern in found:
            self.concern(concern, period)

    def concern(self, concern: Concern, period: Period) -> None:
        lead = f"{uk(concern.raised_on)}: {CATEGORY_WORDS[concern.category]}"
        status = STATUS_WORDS[concern.status]
        if concern.status == "closed" and concern.closed_on:
            status = f"closed on {uk(concern.closed_on)}"
        meta = f" ({concern.severity} concern, {status})"
        paragraph = self.para(meta, bold_lead=lead)
        paragraph.paragraph_format.keep_with_next = True
        if self.audience == "school" and concern.is_confidential:
            paragraph.add_run(" CONFIDENTIAL").bold = True
        self.para(self.say(concern.description))
        if concern.action_taken:
            self.para(self.say(concern.action_taken), bold_lead="Action taken: ")
        if self.audience == "school" and concern.referred_to_dsl:
            self.para("Referred to the designated safeguarding lead (DSL).")
        for update in concern.updates:
            if period.contains(update.date):
                by = f" ({update.by})" if update.by else ""
                self.bullet(f"{self.say(update.note)}{by}", bold_lead=f"{uk(update.date)}: ")
        if concern.outcome:
            self.para(self.say(concern.outcome), bold_lead="Outcome: ")

    def actions(self) -> None:
        self.heading(ACTIONS)
        for placement in self.placements:
            self.per_placement(placement)
            found = content.agreed_actions(self.data, placement, self.periods[placement.id])
            if not found:
                self.para("No actions were agreed in this period.")
                continue
            if self.parent:
                for item in found:
                    said = self.say(item.action.text)
                    self.bullet(
                        action_sentence(
                            item.action,
                            self.school,
                            item.agreed_on,
                            item.carried_over,
                            said,
                            self.today,
                            self.data.meta.staff,
                        )
                    )
                continue
            rows: list[list[str | list[str]]] = []
            for item in found:
                action = item.action
                state = "done" if action.done else "to do"
                if item.carried_over:
                    state += f" (agreed {uk(item.agreed_on)})"
                owner = self.data.meta.staff_name((action.owner or "").strip())
                rows.append([self.say(action.text), self.say(owner) or "–",
                             uk(action.due, "–"), state])  # fmt: skip
            self.table(("Action", "Who", "By", "Progress"), rows, [80, 30, 28, 32])

    def transition(self) -> None:
        self.heading(TRANSITION)
        for placement in self.placements:
            self.per_placement(placement)
            plan = self.data.transition_of(placement.id)
            if plan is None:
                self.para(
                    "No plan for the end of the placement has been made yet."
                    if self.parent
                    else "No transition plan has been recorded yet."
                )
                continue
            where = DESTINATION_WORDS[plan.destination]
            if plan.destination_name:
                where += f": {self.say(plan.destination_name)}"
            self.para(where, bold_lead="Where next: ")
            if plan.phases:
                rows: list[list[str | list[str]]] = [
                    [
                        uk(phase.start),
                        "–" if phase.school_hours is None else hours(phase.school_hours),
                        "–" if phase.alp_hours is None else hours(phase.alp_hours),
                        self.say(phase.note),
                    ]
                    for phase in sorted(plan.phases, key=lambda ph: ph.start)
                ]
                self.table(
                    ("From", "Hours in school", "Hours with provider", "Notes"),
                    rows,
                    [30, 30, 30, 80],
                )
            if plan.welcome_plan:
                self.para(self.say(plan.welcome_plan), bold_lead="Welcome plan: ")
            if plan.strategies:
                lead = f"What helps {self.name}:" if self.parent else "Strategies that work:"
                self.para("", bold_lead=lead)
                for strategy in plan.strategies:
                    self.bullet(self.say(strategy))
                if not self.parent:  # how staff are briefed is the school's business
                    shared = (
                        f"Shared with school staff on {uk(plan.strategies_shared_on)}."
                        if plan.strategies_shared_on
                        else "Not yet shared with school staff."
                    )
                    self.para(shared)
            if plan.family_informed_on:
                self.para(
                    f"We talked the plan through with you on {uk(plan.family_informed_on)}."
                    if self.parent
                    else f"The family was told the plan on {uk(plan.family_informed_on)}."
                )
            if plan.pupil_views:
                lead = f"What {self.name} thinks: " if self.parent else "The pupil's views: "
                self.para(self.say(plan.pupil_views), bold_lead=lead)
            if plan.follow_ups and self.audience == "school":
                rows = [
                    [uk(f.date), f.kind or "follow-up", f.by or "–",
                     "done" if f.done else "planned", f.note or ""]
                    for f in sorted(plan.follow_ups, key=lambda f: f.date)
                ]  # fmt: skip
                columns = ("Date", "Follow-up", "By", "Status", "Notes")
                self.table(columns, rows, [28, 32, 30, 22, 58])

    def next_steps(self) -> None:
        self.heading(NEXT)
        for placement in self.placements:
            self.per_placement(placement)
            if placement.status == "planned":
                self.para(f"The placement starts on {uk(placement.start_date)}.")
                continue
            if placement.status == "ended":
                ended = placement.ended_on or placement.end_date
                when = f" on {uk(ended)}" if ended else ""
                self.para(f"The placement ended{when}; no further contacts or reviews are due.")
                continue
            dates = content.next_dates(self.data, placement, self.today)
            provider = self.provider_name(placement)
            if self.parent:
                self.next_for_family(dates, provider)
                continue
            if dates.contact_due is not None:
                if dates.contact_overdue:
                    text = f"overdue: it was due by {uk(dates.contact_due)}"
                else:
                    text = f"due by {uk(max(dates.contact_due, self.today))}"
                if dates.contact_arranged is not None:
                    text += f" (arranged for {uk(dates.contact_arranged)})"
                self.bullet(text, bold_lead=f"Next contact with {provider}: ")
            if dates.review is not None:
                if dates.review >= self.today:
                    text = f"by {uk(dates.review)}"
                else:
                    text = f"overdue: it was due by {uk(dates.review)}"
                self.bullet(text, bold_lead="Next review meeting: ")

    def next_for_family(self, dates: content.NextDates, provider: str) -> None:
        if dates.contact_due is not None:
            day = dates.contact_arranged or max(dates.contact_due, self.today)
            self.bullet(f"We will next speak to {provider} by {uk(day)}.")
        if dates.review is not None:
            if dates.review >= self.today:
                self.bullet(
                    f"The next review meeting is due by {uk(dates.review)}. We will invite "
                    "you, and you are welcome to bring anything you would like to talk about."
                )
            else:
                self.bullet("The next review meeting is being arranged; we will contact you "
                            "with a date.")  # fmt: skip

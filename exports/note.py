"""The Word review note for one pupil, written for the school, the provider or the parents.

`build_note` redacts the data for the audience first (`exports.redact`), works out what to
say (`exports.content`) and lays it out with real Word styles: headings, a built-in table
style, an A4 page, a confidential header and a `Page X of Y` footer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from alp_tui import rules
from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import (
    DAY_NAMES,
    DAYS,
    ENGAGEMENT_WORDS,
    MARK_LABELS,
    RATING_WORDS,
    Carer,
    Concern,
    Placement,
    Provider,
    Pupil,
)
from exports import content
from exports.content import Period
from exports.docxkit import (
    add_field,
    keep_rows_whole,
    new_document,
    repeat_header_row,
    set_look,
    set_widths,
    style_or_none,
    table_style,
    xml_text,
)
from exports.errors import ExportError, SeveralProvidersError
from exports.redact import (
    Audience,
    check_audience,
    is_withheld_concern,
    mentions_safeguarding,
    redact,
)

# Every note has these sections, in this order; the school's copy adds CURRENT_PROBLEMS.
ABOUT = "Pupil and placement"
CURRENT_PROBLEMS = "Current problems"
ATTENDANCE = "Attendance"
TARGETS = "Progress against targets"
ENGAGEMENT = "Engagement"
CONCERNS = "Concerns"
ACTIONS = "Actions agreed"
TRANSITION = "Transition plan"
NEXT = "Next contact and review"
SECTIONS: tuple[str, ...] = (ABOUT, ATTENDANCE, TARGETS, ENGAGEMENT, CONCERNS, ACTIONS,
                             TRANSITION, NEXT)  # fmt: skip
SCHOOL_SECTIONS: tuple[str, ...] = (ABOUT, CURRENT_PROBLEMS, *SECTIONS[1:])

TARGET_COLUMNS = ("Target", "Latest rating", "Change this period", "Notes")

CATEGORY_WORDS: dict[str, str] = {
    "safeguarding": "Safeguarding",
    "attendance": "Attendance",
    "behaviour": "Behaviour",
    "wellbeing": "Wellbeing",
    "health": "Health",
    "learning": "Learning",
    "provider_quality": "Quality of the provision",
    "other": "Other",
}
STATUS_WORDS: dict[str, str] = {"open": "open", "monitoring": "being monitored", "closed": "closed"}
# A review's decision on a target, for staff and (in plain words) for a family.
DECISION_WORDS: dict[str, str] = {
    "continue": "continue",
    "achieved": "achieved",
    "dropped": "dropped",
    "revised": "revised",
}
PARENT_DECISION_WORDS: dict[str, str] = {
    "continue": "keep working on it",
    "achieved": "achieved",
    "dropped": "no longer a target",
    "revised": "changed",
}
DESTINATION_WORDS: dict[str, str] = {
    "full_return": "Full return to school",
    "phased_return": "Phased return to school",
    "new_setting": "A new school or setting",
    "post16": "Education or training after 16",
    "other": "Other",
}

# Abbreviations staff write without thinking; a parent's copy spells them out.
JARGON: tuple[tuple[str, str], ...] = (
    (r"\bEHC ?Ps?\b", "Education, Health and Care plan"),
    (r"\bEHC plan\b", "Education, Health and Care plan"),
    (r"\bDSL\b", "designated safeguarding lead"),
    (r"\bSENCO\b|\bSENCo\b", "special educational needs coordinator"),
    (r"\bSEND\b", "special educational needs and disabilities"),
    (r"\bSEMH\b", "social, emotional and mental health"),
    (r"\bALP\b", "alternative learning provision"),
    (r"\bAP\b", "alternative provision"),
    (r"\bLAC\b", "looked-after child"),
    (r"\bPEP\b", "personal education plan"),
)


def plain_words(text: str) -> str:
    for pattern, words in JARGON:
        text = re.sub(pattern, words, text)
    return text


def hours(value: float) -> str:
    """`12`, `10.5`, `16.25`: no trailing `.0`."""
    return f"{round(value, 2):g}"


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
    """The review note as a python-docx Document (not saved: see `exports.write_note`).

    Covers `placement_id` if given, else the pupil's active placements (else their latest),
    only those at `provider_id` if that is given. A provider's note covers one provider:
    for a pupil placed with several, name the placement or the provider, or it raises
    `SeveralProvidersError`. The period runs back `weeks` weeks from `today`, else to the
    last review, else to the placement's start. `template` is a letterhead .docx the note
    is built on.
    """
    who = check_audience(audience)
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
    data = redact(caseload, pupil_id, who, provider_id=provider_id)
    placements = [data.placements[p.id] for p in covered]
    problems: list[rules.Problem] = []
    if who == "school":
        # From the whole caseload: a provider's registration risk depends on other pupils.
        problems = rules.problems_about(
            rules.find_problems(caseload, today), pupil_id, {p.provider_id for p in placements}
        )
    doc = new_document(template)
    _NoteWriter(doc, data, data.pupils[pupil_id], placements, who, today, weeks, problems).write()
    return doc


class _NoteWriter:
    def __init__(
        self,
        doc: DocxDocument,
        data: Caseload,
        pupil: Pupil,
        placements: list[Placement],
        audience: Audience,
        today: date,
        weeks: int | None,
        problems: list[rules.Problem],
    ) -> None:
        self.doc = doc
        self.data = data
        self.pupil = pupil
        self.placements = placements
        self.audience = audience
        self.today = today
        self.problems = problems
        self.periods = {p.id: content.period_for(data, p, today, weeks) for p in placements}
        self.school = data.meta.school_name.strip() or "The school"
        self.table_style = table_style(doc)
        section = doc.sections[-1]
        width = (section.page_width or Mm(210)) - (section.left_margin or 0)
        self.width = Length(width - (section.right_margin or 0))
        # In the school's copy, how many items each section shows that the provider's and
        # the parents' copies hold back for mentioning a safeguarding matter.
        self.held_back: dict[str, int] = {}
        self.held_back_line: Paragraph | None = None

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

    def rating_words(self, rating: int) -> str:
        return RATING_WORDS[rating] if self.parent else f"{RATING_WORDS[rating]} ({rating} of 5)"

    @property
    def several(self) -> bool:
        return len(self.placements) > 1

    # --- building blocks ----------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> Paragraph:
        style = style_or_none(self.doc, f"Heading {level}")
        if style:
            return self.doc.add_paragraph(xml_text(text), style=style)
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(xml_text(text)).bold = True
        return paragraph

    def para(self, text: str = "", *, bold_lead: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if bold_lead:
            paragraph.add_run(xml_text(bold_lead)).bold = True
        if text:
            paragraph.add_run(xml_text(text))
        return paragraph

    def bullet(self, text: str, *, bold_lead: str | None = None) -> Paragraph:
        style = style_or_none(self.doc, "List Bullet")
        paragraph = self.doc.add_paragraph(style=style) if style else self.doc.add_paragraph()
        if not style:
            paragraph.add_run("• ")
        if bold_lead:
            paragraph.add_run(xml_text(bold_lead)).bold = True
        paragraph.add_run(xml_text(text))
        return paragraph

    def held(self, section: str, *texts: str | None) -> bool:
        """In the school's copy, note an item the other copies leave out because its text
        mentions a safeguarding matter (the same test `redact` applies); says whether it
        did."""
        if self.audience != "school" or not mentions_safeguarding(*texts):
            return False
        self.held_back[section] = self.held_back.get(section, 0) + 1
        return True

    def per_placement(self, placement: Placement) -> None:
        """A sub-heading naming the provider, when the note covers several placements."""
        if self.several:
            self.heading(f"At {self.provider_name(placement)}", 2)

    def table(self, header: Iterable[str] | None, rows: list[list[str | list[str]]],
              widths_mm: list[float]) -> Table:  # fmt: skip
        """A table in the document's table style; a cell given as a list gets a paragraph
        per item. Widths are scaled to fill the page between its margins."""
        ncols = len(widths_mm)
        table = self.doc.add_table(rows=0, cols=ncols)
        if self.table_style:
            table.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if header is not None:
            cells = table.add_row().cells
            for cell, text in zip(cells, header, strict=False):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                items = value if isinstance(value, list) else [value]
                cell.text = xml_text(items[0]) if items else ""
                for item in items[1:]:
                    cell.add_paragraph(xml_text(item))
        scale = self.width / Mm(sum(widths_mm))
        set_widths(table, [Length(int(Mm(w) * scale)) for w in widths_mm])
        set_look(table, first_row=header is not None, first_column=header is None)
        if header is not None:
            repeat_header_row(table)
        keep_rows_whole(table)
        self.doc.add_paragraph()  # breathing space: tables otherwise touch what follows
        return table

    # --- the note -----------------------------------------------------------------------

    def write(self) -> None:
        self.properties()
        self.header_and_footer()
        self.title()
        self.about()
        if self.audience == "school":
            self.current_problems()
        self.attendance()
        self.targets()
        self.engagement()
        self.concerns()
        self.actions()
        self.transition()
        self.next_steps()
        self.say_what_was_held_back()

    def properties(self) -> None:
        props = self.doc.core_properties
        props.title = _property(f"Review note: {self.pupil.display_name}")
        props.subject = "Alternative provision review note"
        # The school writes the note; the person who ran the program is not recorded.
        props.author = _property(self.school)
        props.last_modified_by = _property(self.school)
        props.comments = ""
        props.keywords = ""
        props.category = "Review note"
        props.content_status = "Confidential"
        props.identifier = ""
        props.language = "en-GB"
        props.version = ""
        props.revision = 1
        stamp = datetime.combine(self.today, time(0, 0))
        props.created = stamp
        props.modified = stamp

    def audience_line(self) -> str:
        if self.audience == "school":
            return "the school's own copy"
        if self.audience == "provider":
            names = sorted({self.provider_name(p) for p in self.placements})
            return f"written for {' and '.join(names)}"
        return "written for the pupil's family"

    def header_and_footer(self) -> None:
        section = self.doc.sections[-1]
        headers = [section.header]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        for header in headers:
            paragraph = _blank_or_new(header.paragraphs, header.add_paragraph)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run("CONFIDENTIAL")
            run.bold = True
            paragraph.add_run(
                xml_text(f"   {self.school} · review note · {self.pupil.display_name}")
            )
            _small(paragraph)
        for footer in footers:
            paragraph = _blank_or_new(footer.paragraphs, footer.add_paragraph)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Confidential").bold = True
            paragraph.add_run(
                xml_text(
                    f": {self.audience_line()}. Please do not share this note without "
                    f"{self.school}'s agreement."
                )
            )
            _small(paragraph)
            pages = footer.add_paragraph()
            pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pages.add_run("Page ")
            add_field(pages, "PAGE")
            pages.add_run(" of ")
            add_field(pages, "NUMPAGES")
            _small(pages)

    def title(self) -> None:
        title_style = style_or_none(self.doc, "Title")
        self.doc.add_paragraph(
            xml_text(f"Review note: {self.pupil.display_name}"), style=title_style
        )
        subtitle = style_or_none(self.doc, "Subtitle")
        self.doc.add_paragraph(
            xml_text(f"{self.school} · prepared on {uk(self.today)}"), style=subtitle
        )
        if self.audience != "school":
            self.introduction()
        else:
            # Filled in once the sections are written and the count is known.
            self.held_back_line = self.doc.add_paragraph()

    def say_what_was_held_back(self) -> None:
        line = self.held_back_line
        if line is None:
            return
        total = sum(self.held_back.values())
        if not total:
            line._p.getparent().remove(line._p)
            return
        order = [s for s in SCHOOL_SECTIONS if s in self.held_back]
        where = ", ".join(f"{self.held_back[s]} under {s}" for s in order)
        items = "1 item that mentions" if total == 1 else f"{total} items that mention"
        line.add_run("Withheld from the provider and parent copies: ").bold = True
        line.add_run(f"{items} safeguarding matters ({where}).")

    def introduction(self) -> None:
        pupil = self.pupil
        name = pupil.preferred_name or pupil.first_name
        providers = " and ".join(sorted({self.provider_name(p) for p in self.placements}))
        start = min(p.start for p in self.periods.values())
        contact = f"{pupil.school_lead} at {self.school}" if pupil.school_lead else self.school
        if self.parent:
            if pupil.carers:
                self.para(f"Dear {pupil.carers[0].name},")
            self.para(
                f"This note sums up how {name} has been getting on at {providers} from "
                f"{uk(start)} to {uk(self.today)}: attendance, progress towards the targets "
                f"agreed with you, and what happens next. If anything is unclear, please "
                f"contact {contact}."
            )
        else:
            self.para(
                f"This note sums up what {self.school} has recorded from our contact with "
                f"{providers} about {name} from {uk(start)} to {uk(self.today)}. Please tell "
                f"{contact} if anything in it is wrong."
            )

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
            rows.append(["Parents and carers", [_carer_line(c) for c in pupil.carers]])
        for placement in self.placements:
            rows.extend(self.placement_rows(placement))
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
        rows: list[list[str | list[str]]] = [["Provider", self.provider_words(provider)]]
        ends = placement.ended_on or placement.end_date
        until = f" to {uk(ends)}" if ends else " (no end date set)"
        status = {"planned": "planned", "active": "under way", "ended": "ended"}[placement.status]
        rows.append(["Placement dates", f"{uk(placement.start_date)}{until} ({status})"])
        rows.append(["Days and hours", self.schedule_words(placement)])
        self.held(ABOUT, placement.focus)
        if placement.focus:  # empty when held back from this audience
            rows.append(["Focus", self.say(placement.focus)])
        rows.append(["Period covered", self.periods[placement.id].words])
        return rows

    def provider_words(self, provider: Provider | None) -> list[str]:
        if provider is None:
            return ["(provider not recorded)"]
        lines = [provider.name]
        contact = [provider.contact_name, provider.phone, provider.email]
        details = ", ".join(x for x in contact if x)
        if details:
            lines.append(f"Contact: {details}")
        return lines

    def schedule_words(self, placement: Placement) -> str:
        if not placement.schedule:
            return "no regular sessions recorded"
        sessions = sorted(placement.schedule, key=lambda s: (DAYS.index(s.day), s.start))
        days = ", ".join(f"{DAY_NAMES[s.day]} {s.start}–{s.end}" for s in sessions)
        return f"{days}: {hours(placement.hours_per_week)} hours a week"

    # --- sections -----------------------------------------------------------------------

    def current_problems(self) -> None:
        self.heading(CURRENT_PROBLEMS)
        if not self.problems:
            self.para(f"No problems are flagged for this pupil as of {uk(self.today)}.")
            return
        self.para(f"As of {uk(self.today)} (!! needs action now, ! needs attention soon):")
        for problem in self.problems:
            self.bullet(f" {problem.code}: {problem.message}", bold_lead=problem.marker)

    def attendance(self) -> None:
        self.heading(ATTENDANCE)
        for placement in self.placements:
            self.per_placement(placement)
            period = self.periods[placement.id]
            record = content.attendance(self.data, placement, period)
            if not record.weeks:
                self.para("No attendance was recorded in this period.")
                continue
            weeks = len(record.weeks)
            summary = f"Attended {hours(record.attended)} of {hours(record.planned)} planned hours"
            if record.percent is not None:
                summary += f" ({record.percent:g}%)"
            summary += f" over {weeks} week{'s' if weeks != 1 else ''}."
            self.para(summary)
            if record.marks:
                self.para(_marks_words(record.marks) + ".", bold_lead="Sessions: ")
            rows: list[list[str | list[str]]] = []
            for week in record.weeks:
                percent = (
                    f"{round(100 * week.attended / week.planned, 1):g}%" if week.planned else "–"
                )
                rows.append(
                    [
                        uk(week.week_start),
                        hours(week.planned),
                        hours(week.attended),
                        percent,
                        _marks_words(week.marks),
                    ]
                )
            self.table(
                ("Week beginning", "Planned hours", "Attended hours", "Rate", "Sessions"),
                rows,
                [32, 25, 25, 18, 70],
            )

    def targets(self) -> None:
        self.heading(TARGETS)
        if not self.parent:
            self.para("Ratings run from 1 (not started) to 5 (achieved).")
        for placement in self.placements:
            self.per_placement(placement)
            progress = content.target_progress(self.data, placement, self.periods[placement.id])
            if not progress:
                self.para("No active targets are recorded for this placement.")
                continue
            rows: list[list[str | list[str]]] = []
            for item in progress:
                whole = self.held(TARGETS, item.target.description, item.target.success_criteria)
                if not whole:
                    for run in item.notes:
                        self.held(TARGETS, run.text)
                target = [self.say(item.target.description)]
                if item.target.status == "achieved":
                    target.append("Achieved")
                if item.target.success_criteria:
                    target.append(f"Success looks like: {self.say(item.target.success_criteria)}")
                if item.latest is None:
                    latest = ["not yet rated"]
                else:
                    latest = [self.rating_words(item.latest.rating), f"on {uk(item.latest.day)}"]
                notes = [f"{run.when}: {self.say(run.text)}" for run in item.notes]
                rows.append([target, latest, item.change, notes or ["No notes in this period."]])
            self.table(TARGET_COLUMNS, rows, [50, 32, 36, 52])
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

    def engagement(self) -> None:
        self.heading(ENGAGEMENT)
        self.para(
            "The provider rates engagement each week from 1 (very low) to 5 (very good)."
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
                self.para(f"Over {reports}, engagement was {average_word} on average.")
                self.para(f"Most recently, on {uk(found.latest_on)}, it was {latest_word}.")
            else:
                self.para(f"Average {found.average:g} out of 5 ({average_word}) over {reports}.")
                self.para(
                    f"Latest {found.latest} out of 5 ({latest_word}) on {uk(found.latest_on)}."
                )

    def concerns(self) -> None:
        self.heading(CONCERNS)
        start = min(p.start for p in self.periods.values())
        end = max(p.end for p in self.periods.values())
        period = Period(start, end, "")
        found = content.concerns_for(
            self.data, self.pupil.id, {p.id for p in self.placements}, period
        )
        if not found:
            # A shared copy may have had concerns taken out: it never says there were none.
            self.para(
                "No concerns were recorded in this period."
                if self.audience == "school"
                else "No concerns to report in this note."
            )
            return
        for concern in found:
            self.concern(concern, period)

    def held_concern(self, concern: Concern, period: Period) -> None:
        """Count what the other copies hold back of a concern the school's copy shows.
        A confidential one is marked CONFIDENTIAL where it stands, so is not counted."""
        if self.audience != "school" or concern.is_confidential:
            return
        if is_withheld_concern(concern):  # a safeguarding concern marked shareable
            self.held_back[CONCERNS] = self.held_back.get(CONCERNS, 0) + 1
            return
        if self.held(CONCERNS, concern.description):
            return
        self.held(CONCERNS, concern.action_taken)
        self.held(CONCERNS, concern.outcome)
        for update in concern.updates:
            if period.contains(update.date):
                self.held(CONCERNS, update.note, update.by)

    def concern(self, concern: Concern, period: Period) -> None:
        self.held_concern(concern, period)
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
            rows: list[list[str | list[str]]] = []
            for item in found:
                action = item.action
                self.held(ACTIONS, action.text, action.owner)
                state = "done" if action.done else "to do"
                if item.carried_over:
                    state += f" (agreed {uk(item.agreed_on)})"
                rows.append(
                    [self.say(action.text), self.say(action.owner) or "–", uk(action.due, "–"),
                     state]
                )  # fmt: skip
            self.table(("Action", "Who", "By", "Progress"), rows, [80, 30, 28, 32])

    def transition(self) -> None:
        self.heading(TRANSITION)
        for placement in self.placements:
            self.per_placement(placement)
            plan = self.data.transition_of(placement.id)
            if plan is None:
                self.para("No transition plan has been recorded yet.")
                continue
            for text in (plan.destination_name, plan.welcome_plan, plan.pupil_views,
                         *plan.strategies, *(phase.note for phase in plan.phases)):  # fmt: skip
                self.held(TRANSITION, text)
            for follow_up in plan.follow_ups:
                self.held(TRANSITION, follow_up.kind, follow_up.by, follow_up.note)
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
                self.para("", bold_lead="Strategies that work for the pupil:")
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
                self.para(f"The family was told the plan on {uk(plan.family_informed_on)}.")
            if plan.pupil_views:
                self.para(self.say(plan.pupil_views), bold_lead="The pupil's views: ")
            if plan.follow_ups:
                rows = [
                    [uk(f.date), self.say(f.kind) or "follow-up", self.say(f.by) or "–",
                     "done" if f.done else "planned", self.say(f.note)]
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
            if dates.contact_due is not None:
                if dates.contact_overdue and not self.parent:
                    text = f"overdue: it was due by {uk(dates.contact_due)}"
                else:
                    text = f"due by {uk(max(dates.contact_due, self.today))}"
                if dates.contact_arranged is not None:
                    text += f" (arranged for {uk(dates.contact_arranged)})"
                self.bullet(text, bold_lead=f"Next contact with {provider}: ")
            if dates.review is not None:
                if dates.review >= self.today:
                    text = f"by {uk(dates.review)}"
                elif self.parent:
                    text = "being arranged; the school will contact you with a date"
                else:
                    text = f"overdue: it was due by {uk(dates.review)}"
                self.bullet(text, bold_lead="Next review meeting: ")


def _blank_or_new(paragraphs: list[Paragraph], add: Callable[[], Paragraph]) -> Paragraph:
    """The header's one empty paragraph if it has nothing else (a clean document), else a
    new paragraph after the letterhead's own content."""
    if len(paragraphs) == 1 and not paragraphs[0].text.strip() and not _has_drawing(paragraphs[0]):
        return paragraphs[0]
    return add()


def _has_drawing(paragraph: Paragraph) -> bool:
    return bool(paragraph._p.xpath(".//w:drawing | .//w:pict"))


def _property(text: str) -> str:
    """Document properties hold at most 255 characters."""
    return xml_text(text)[:255]


def _small(paragraph: Paragraph) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _marks_words(marks: dict[str, int]) -> str:
    return ", ".join(f"{count} {MARK_LABELS[mark]}" for mark, count in marks.items())


def _carer_line(carer: Carer) -> str:
    parts = [carer.name]
    if carer.relationship:
        parts[0] += f" ({carer.relationship})"
    parts.extend(x for x in (carer.phone, carer.email) if x)
    return ", ".join(parts)

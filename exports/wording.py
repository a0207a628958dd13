"""Words the note is written in: the names of categories and states, hours and marks, and
the plain words of the parents' letter (abbreviations spelt out, actions as sentences)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from alp_tui.dates import uk
from alp_tui.models import (
    DAY_NAMES,
    DAYS,
    MARK_LABELS,
    RATING_WORDS,
    Action,
    Carer,
    Placement,
    Provider,
    Staff,
)

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
    (r"\bSEN\b", "special educational needs"),
    (r"\bSEMH\b", "social, emotional and mental health"),
    (r"\bALP\b", "alternative learning provision"),
    (r"\bAP\b", "alternative provision"),
    (r"\bLAC\b", "looked-after child"),
    (r"\bPEP\b", "personal education plan"),
    (r"\bLA\b", "local authority"),
    (r"\bTA\b", "teaching assistant"),
    (r"\bPRU\b", "pupil referral unit"),
    (r"\bSLT\b", "senior leadership team"),
    (r"\bCAMHS\b", "children's mental health service (CAMHS)"),
    (r"\bH&S\b", "health and safety"),
    (r"\bw/c\b", "the week beginning"),
    (r"\b(\d+(?:\.\d+)?) ?hrs?\b", r"\1 hours"),
    (r"\b(\d+(?:\.\d+)?) ?h\b", r"\1 hours"),
)


def plain_words(text: str) -> str:
    for pattern, words in JARGON:
        text = re.sub(pattern, words, text)
    return text


def hours(value: float) -> str:
    """`12`, `10.5`, `16.25`: no trailing `.0`."""
    return f"{round(value, 2):g}"


def marks_words(marks: dict[str, int]) -> str:
    return ", ".join(f"{count} {MARK_LABELS[mark]}" for mark, count in marks.items())


def carer_line(carer: Carer) -> str:
    parts = [carer.name]
    if carer.relationship:
        parts[0] += f" ({carer.relationship})"
    parts.extend(x for x in (carer.phone, carer.email) if x)
    return ", ".join(parts)


def provider_words(provider: Provider | None) -> list[str]:
    if provider is None:
        return ["(provider not recorded)"]
    lines = [provider.name]
    contact = [provider.contact_name, provider.phone, provider.email]
    details = ", ".join(x for x in contact if x)
    if details:
        lines.append(f"Contact: {details}")
    return lines


def schedule_words(placement: Placement) -> str:
    if not placement.schedule:
        return "no regular sessions recorded"
    sessions = sorted(placement.schedule, key=lambda s: (DAYS.index(s.day), s.start))
    days = ", ".join(f"{DAY_NAMES[s.day]} {s.start}–{s.end}" for s in sessions)
    return f"{days}: {hours(placement.hours_per_week)} hours a week"


def change_words(before: int, after: int) -> str:
    """A change of rating in a family's words: `up from emerging to secure`."""
    if after > before:
        return f"up from {RATING_WORDS[before]} to {RATING_WORDS[after]}"
    if after < before:
        return f"down from {RATING_WORDS[before]} to {RATING_WORDS[after]}"
    return f"still {RATING_WORDS[after]}"


# --- actions as sentences ----------------------------------------------------------------------

# The verbs staff begin an action with ("Book the review", "Send the paperwork"): an action
# that begins with one reads "R Patel will book the review by 04/12/2026."
ACTION_VERBS = frozenset((
    "agree", "apply", "arrange", "ask", "book", "bring", "buy", "call", "change", "chase",
    "check", "collect", "complete", "confirm", "contact", "cut", "discuss", "draft", "drop",
    "email", "explain", "fill", "find", "finish", "follow", "get", "give", "hand", "invite",
    "keep", "let", "look", "make", "meet", "move", "offer", "order", "organise", "pass", "phone",
    "plan", "post", "prepare", "print", "provide", "put", "raise", "read", "record", "remind",
    "request", "review", "ring", "send", "set", "share", "sort", "speak", "start", "take",
    "talk", "tell", "text", "try", "update", "visit", "write",
))  # fmt: skip
# Owners who are the family the letter is written to.
FAMILY_OWNERS = frozenset((
    "mum", "mam", "mom", "mother", "dad", "father", "parent", "parents", "carer", "carers",
    "family", "home", "you",
))  # fmt: skip
# A login name (`apatel`, `r.patel2`): never shown to a family.
_LOGIN = re.compile(r"[a-z][a-z0-9._-]*")


def owner_words(owner: str | None, school: str, staff: Iterable[Staff] = ()) -> str:
    """Who will do it, named as a person: `R Patel`, `You`, the name the settings give a
    member of staff's login (`apatel` → `Mrs A Patel`), or `Someone at <school>` for any
    other login name or nobody named."""
    owner = (owner or "").strip()
    if owner.lower() in FAMILY_OWNERS:
        return "You"
    for member in staff:
        if owner.lower() == member.user.lower():
            return member.name
    if not owner or _LOGIN.fullmatch(owner):
        return f"Someone at {school}"
    return owner


def action_sentence(
    action: Action,
    school: str,
    agreed_on: date,
    carried_over: bool,
    say: str,
    today: date,
    staff: Iterable[Staff] = (),
) -> str:
    """An action as a family reads it: who will do what by when, and whether it is done.

    `say` is the action's text already in plain words: `R Patel will book the review
    meeting by 04/12/2026.`, `R Patel agreed to send the strategies, and has done so.`
    """
    who = owner_words(action.owner, school, staff)
    has = "have" if who == "You" else "has"
    what = say.strip().rstrip(".")
    first, _, rest = what.partition(" ")
    late = action.due is not None and action.due < today and not action.done
    by = f" by {uk(action.due)}" if action.due and not late else ""
    if first.lower() in ACTION_VERBS:
        doing = f"{first.lower()} {rest}".strip()
        if action.done:
            sentence = f"{who} agreed to {doing}, and {has} done so."
        else:
            sentence = f"{who} will {doing}{by}."
    else:
        # Not an instruction ("Home visit about the absences"): say who sees to it.
        what = what[:1].upper() + what[1:]
        if action.done:
            sentence = f"{what}: done by {'you' if who == 'You' else who}."
        else:
            sentence = f"{what}: {who} will see to this{by}."
    if late:
        agreed = f"agreed on {uk(agreed_on)}, " if carried_over else ""
        sentence += f" This was {agreed}due by {uk(action.due)}, and is not done yet."
    elif carried_over and not action.done:
        sentence += f" This was agreed on {uk(agreed_on)} and is not done yet."
    return sentence

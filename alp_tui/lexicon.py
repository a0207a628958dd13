"""Whether a piece of free text reads like a safeguarding matter: the lexicon in
`lexicon.json` (one file, data only), read by `reads_like_harm`.

Screens and exports share it: a provider's or parent's note holds back what it matches until
the lead releases it, and a concern that mentions harm can ask whether it is safeguarding.
Matching is on normalised words (case, apostrophes, hyphens, spacing and punctuation do not
matter), word forms and misspellings are listed in the data, and an entry may need context
("hit" needs a person hit, "cut" a place on the body): see the file's `about` and
docs/export.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product
from typing import Any

LEXICON_FILE = "lexicon.json"

# How far past the trigger an object may be ("hit one of the younger children").
_MAX_SKIPS = 4
# Joining two words of a phrase ("self harm" → "selfharm") makes one form per pair of forms;
# past this many the joined forms are left out (no real phrase comes near it).
_MAX_JOINED = 200


class LexiconError(ValueError):
    """The lexicon file is not as `lexicon.py` reads it: the message says where."""


@dataclass(frozen=True)
class HarmMatch:
    """What a text matched: the category of harm and the words as they were written."""

    category: str
    mentions: str
    phrase: str

    @property
    def reason(self) -> str:
        """`mentions domestic abuse ("domestic violence")`."""
        return f'mentions {self.mentions} ("{self.phrase}")'


@dataclass(frozen=True)
class Category:
    name: str
    mentions: str
    entries: int


# --- normalising text ------------------------------------------------------------------------

# A word: letters and digits, joined across an apostrophe or a dot inside it ("children's",
# "s.47"); anything else between words is a space or, for these, the end of a clause.
_WORD = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


# A mark that ends a clause; a dot with a letter or digit on each side is inside a word.
_CLAUSE_SPLIT = re.compile(r"(?<![^\W_])\.|\.(?![^\W_])|[,;:!?()\[\]{}…–—\n]")


class _Clause:
    """One clause: its normalised words, and where each was written (found when asked:
    only a clause with a lexicon word in it needs them)."""

    __slots__ = ("_spans", "offset", "text", "words")

    def __init__(self, offset: int, text: str, words: list[str]) -> None:
        self.offset = offset
        self.text = text
        self.words = words
        self._spans: list[tuple[int, int]] | None = None

    def span(self, index: int) -> tuple[int, int]:
        """Where the `index`th word begins and ends in the whole text."""
        if self._spans is None:
            at = self.offset
            self._spans = [(at + m.start(), at + m.end()) for m in _WORD.finditer(self.text)]
        return self._spans[index]


def _fold(words: Iterable[str]) -> list[str]:
    # Casefolding goes letter by letter, so the words can be folded joined.
    return " ".join(words).casefold().replace("'", "").replace(".", "").split(" ")


def _clauses(text: str, among: Set[str] | None = None) -> list[_Clause]:
    """The text as clauses of normalised words; with `among`, only the clauses that hold
    one of those words.

    Each step works on the whole text or a whole clause at once, not a word at a time: a
    report pasted into a concern can hold millions of words, and saving it reads them all.
    """
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    if among is not None and among.isdisjoint(_fold(set(_WORD.findall(text)))):
        return []
    clauses = []
    offset = 0
    for piece in _CLAUSE_SPLIT.split(text):
        found = _WORD.findall(piece)
        if found:
            words = _fold(found)
            if among is None or not among.isdisjoint(words):
                clauses.append(_Clause(offset, piece, words))
        offset += len(piece) + 1  # and the one mark that ended it
    return clauses


def normalise(text: str) -> list[str]:
    """The words of `text` as the lexicon compares them (`"Self-Harm’s"` → `self harms`)."""
    return [word for clause in _clauses(text) for word in clause.words]


# --- the compiled lexicon --------------------------------------------------------------------

# A slot of a phrase: the word sequences it accepts (most are one word), and whether the
# phrase may leave it out.
_Slot = tuple[frozenset[tuple[str, ...]], bool]


@dataclass(frozen=True)
class _Entry:
    category: Category
    slots: tuple[_Slot, ...]
    object: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    within: int = 3
    unless: frozenset[str] = frozenset()
    unless_before: tuple[tuple[str, ...], ...] = ()
    order: int = 0

    @property
    def needs_context(self) -> bool:
        return bool(self.object or self.subject or self.near or self.after)


@dataclass
class _Lexicon:
    categories: list[Category]
    # Entries by each word their first slot accepts.
    index: dict[str, list[_Entry]] = field(default_factory=dict)
    objects: frozenset[str] = frozenset()
    ambiguous_objects: frozenset[str] = frozenset()
    object_followers: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    subject_skip: frozenset[str] = frozenset()


_ENGINE_CLASSES = ("objects", "ambiguous objects", "object followers", "skip", "subject skip")
_ENTRY_KEYS = {
    "match", "object", "subject", "near", "after", "within", "unless", "unless_before", "note",
}  # fmt: skip


def _one_word(text: str, where: str) -> str:
    words = normalise(text)
    if len(words) != 1:
        raise LexiconError(f"{where}: {text!r} must be one word")
    return words[0]


def _words(refs: Iterable[str], classes: dict[str, frozenset[str]], where: str) -> frozenset[str]:
    """Words and `@class` names as one set of normalised words."""
    out: set[str] = set()
    for ref in refs:
        if ref.startswith("@"):
            name = ref[1:]
            if name not in classes:
                raise LexiconError(f"{where}: there is no class {name!r}")
            out |= classes[name]
        else:
            out.add(_one_word(ref, where))
    return frozenset(out)


def _slot(text: str, classes: dict[str, frozenset[str]], where: str) -> _Slot:
    optional = text.startswith("(") and text.endswith(")")
    if optional:
        text = text[1:-1]
    forms: set[tuple[str, ...]] = set()
    for form in text.split("/"):
        if form.startswith("@"):
            forms |= {(word,) for word in _words([form], classes, where)}
            continue
        words = tuple(normalise(form))
        if not words:
            raise LexiconError(f"{where}: {text!r} has an empty form")
        forms.add(words)
    return frozenset(forms), optional


def _phrases(text: str, classes: dict[str, frozenset[str]], where: str) -> list[tuple[_Slot, ...]]:
    """The phrase's slots, and the same with two neighbouring words written as one
    ("self harm" is also "selfharm", "non molestation" also "nonmolestation")."""
    slots = tuple(_slot(part, classes, where) for part in text.split())
    if not slots:
        raise LexiconError(f"{where}: an empty phrase")
    if slots[0][1]:
        raise LexiconError(f"{where}: a phrase cannot begin with a word it may leave out")
    variants = [slots]
    for i in range(len(slots) - 1):
        (left, left_optional), (right, right_optional) = slots[i], slots[i + 1]
        singles = [f for f in left if len(f) == 1], [f for f in right if len(f) == 1]
        if left_optional or right_optional or len(singles[0]) * len(singles[1]) > _MAX_JOINED:
            continue
        joined = frozenset((a[0] + b[0],) for a, b in product(*singles))
        variants.append((*slots[:i], (joined, False), *slots[i + 2 :]))
    return variants


def _compile(data: dict[str, Any]) -> _Lexicon:
    if not isinstance(data.get("classes"), dict) or not isinstance(data.get("categories"), list):
        raise LexiconError("the lexicon needs 'classes' and 'categories'")
    classes = {
        name: _words(words, {}, f"class {name!r}") for name, words in data["classes"].items()
    }
    missing = [name for name in _ENGINE_CLASSES if name not in classes]
    if missing:
        raise LexiconError(f"the lexicon lacks the classes {', '.join(missing)}")
    lexicon = _Lexicon(
        categories=[],
        objects=classes["objects"],
        ambiguous_objects=classes["ambiguous objects"],
        object_followers=classes["object followers"],
        skip=classes["skip"],
        subject_skip=classes["subject skip"],
    )
    order = 0
    for raw in data["categories"]:
        name, mentions, entries = raw.get("name"), raw.get("mentions"), raw.get("entries")
        if not (isinstance(name, str) and isinstance(mentions, str) and entries):
            raise LexiconError(f"a category needs a name, 'mentions' and entries: {raw!r:.80}")
        category = Category(name, mentions, len(entries))
        lexicon.categories.append(category)
        for number, entry in enumerate(entries, start=1):
            where = f"{name}, entry {number}"
            spec = {"match": entry} if isinstance(entry, str) else entry
            unknown = set(spec) - _ENTRY_KEYS
            if unknown or "match" not in spec:
                raise LexiconError(f"{where}: needs 'match'; unknown {sorted(unknown)}")

            def words(key: str, spec: dict[str, Any] = spec, where: str = where) -> frozenset[str]:
                return _words(spec.get(key, ()), classes, f"{where}, {key}")

            for slots in _phrases(spec["match"], classes, where):
                compiled = _Entry(
                    category=category,
                    slots=slots,
                    object=words("object"),
                    subject=words("subject"),
                    near=words("near"),
                    after=words("after"),
                    within=int(spec.get("within", 3)),
                    unless=words("unless"),
                    unless_before=tuple(tuple(normalise(p)) for p in spec.get("unless_before", ())),
                    order=order,
                )
                order += 1
                for form in slots[0][0]:
                    lexicon.index.setdefault(form[0], []).append(compiled)
    return lexicon


@cache
def _lexicon() -> _Lexicon:
    text = resources.files("alp_tui").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return _compile(json.loads(text))


def categories() -> list[Category]:
    """The lexicon's categories of harm, in the file's order."""
    return list(_lexicon().categories)


def load(data: dict[str, Any]) -> _Lexicon:
    """Compile lexicon data as the file holds it (for checking a changed file)."""
    return _compile(data)


# --- matching --------------------------------------------------------------------------------


def _slot_ends(words: Sequence[str], at: int, slots: Sequence[_Slot]) -> Iterator[int]:
    """Every position where `slots` matched from `at` can end."""
    if not slots:
        yield at
        return
    forms, optional = slots[0]
    for form in forms:
        if tuple(words[at : at + len(form)]) == form:
            yield from _slot_ends(words, at + len(form), slots[1:])
    if optional:
        yield from _slot_ends(words, at, slots[1:])


def _object_at(lex: _Lexicon, words: Sequence[str], at: int, wanted: frozenset[str]) -> int:
    """Where a person (or a `wanted` word) the action is done to follows `at`, or -1.

    Determiners and small words are passed over ("hit one of the younger children"), an
    object pronoun counts ("hit him"), and "her" counts when what follows shows it is not
    "her target" ("hits her;", "hit her with a belt", "hit her sister").
    """
    skipped = 0
    while at < len(words) and skipped <= _MAX_SKIPS:
        word = words[at]
        if word in lex.objects or word in wanted:
            return at
        if word in lex.ambiguous_objects:
            after = words[at + 1] if at + 1 < len(words) else None
            if after is None or after in lex.object_followers:
                return at
        elif word not in lex.skip:
            return -1
        at += 1
        skipped += 1
    return -1


def _subject_at(lex: _Lexicon, words: Sequence[str], at: int, wanted: frozenset[str]) -> int:
    at -= 1
    while at >= 0 and words[at] in lex.subject_skip:
        at -= 1
    return at if at >= 0 and words[at] in wanted else -1


def _context(
    lex: _Lexicon, entry: _Entry, words: Sequence[str], start: int, end: int
) -> tuple[int, int] | None:
    """The words (start, end) the entry matched with the context it needs, or None."""
    if entry.unless and not entry.unless.isdisjoint(words):
        return None
    for before in entry.unless_before:
        if before and tuple(words[max(0, start - len(before)) : start]) == before:
            return None
    if not entry.needs_context:
        return start, end
    if entry.object:
        at = _object_at(lex, words, end, entry.object)
        if at >= 0:
            return start, at + 1
    if entry.subject:
        at = _subject_at(lex, words, start, entry.subject)
        if at >= 0:
            return at, end
    reach = entry.within
    for at in range(end, min(len(words), end + reach)):
        if words[at] in entry.after or words[at] in entry.near:
            return start, at + 1
    for at in range(start - 1, max(-1, start - reach - 1), -1):
        if words[at] in entry.near:
            return at, end
    return None


_Found = tuple[int, int, int, tuple[int, int, _Entry]]


def _matches(text: str) -> Iterator[_Found]:
    """(where it begins, minus its length in words, the entry's order, (where the words
    shown begin and end, the entry)) for every entry that matches in `text`."""
    lex = _lexicon()
    for clause in _clauses(text, among=lex.index.keys()):
        words = clause.words
        for start, word in enumerate(words):
            for entry in lex.index.get(word, ()):
                ends = [e for e in _slot_ends(words, start, entry.slots) if e > start]
                for end in sorted(set(ends), reverse=True):
                    span = _context(lex, entry, words, start, end)
                    if span is not None:
                        # Ordered by where the entry itself begins; shown with its context.
                        first, last = clause.span(span[0])[0], clause.span(span[1] - 1)[1]
                        yield clause.span(start)[0], start - end, entry.order, (first, last, entry)
                        break


def reads_like_harm(text: str | None) -> HarmMatch | None:
    """What in `text` reads like a safeguarding matter, or None.

    The first match in the text (the longest, where two begin at one word): its category,
    how the reason names it, and the words as they were written.
    """
    if not text or not text.strip():
        return None
    best = min(_matches(text), default=None, key=lambda m: m[:3])
    if best is None:
        return None
    first, last, entry = best[3]
    phrase = " ".join(text[first:last].split())
    return HarmMatch(entry.category.name, entry.category.mentions, phrase)


def first_harm(texts: Iterable[str | None]) -> HarmMatch | None:
    """The first of `texts` that reads like a safeguarding matter, as `reads_like_harm`."""
    for text in texts:
        found = reads_like_harm(text)
        if found is not None:
            return found
    return None

"""The vocabulary of the figure extractor: number words, qualifiers, dates, actors and metrics.

Patterns and word lists only; :mod:`flashpoint.sources.extract` applies them.
"""

from __future__ import annotations

import calendar
import re

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
UNITS = {w: i for i, w in enumerate(_UNIT_WORDS.split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(_TEN_WORDS.split())}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
VAGUE = {"hundreds of thousands": 200_000, "tens of thousands": 20_000, "thousands": 2_000}
VAGUE |= {"hundreds": 200, "dozens": 24, "scores": 40, "millions": 2_000_000}
_QUALIFIERS = {
    "at_least": "at least|no fewer than|no less than|not less than|more than|just over|"
    "well over|over|upwards of|in excess of",
    "at_most": "at most|nearly|almost|close to|just under|up to|as many as|fewer than|"
    "less than|under",
    "about": "about|around|roughly|approximately|an estimated|estimated|some",
}
QUALIFIER_KIND = {q: kind for kind, qs in _QUALIFIERS.items() for q in qs.split("|")}
MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
MONTHS |= {calendar.month_abbr[i].lower(): i for i in range(1, 13)} | {"sept": 9}
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}

_WORD = "|".join([*UNITS, *TENS, *SCALES])
_MON = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_MONTH_FULL = "|".join(calendar.month_name[1:])
_WD = "|".join(calendar.day_name)
NUMBER_RE = re.compile(
    rf"(?P<vague>\b(?:{'|'.join(VAGUE)})\b)"
    r"|(?P<article>\b(?:half an? (?:million|billion)"
    r"|an? (?:dozen|hundred|thousand|million|billion))\b)"
    r"|(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s+(?:thousand|million|billion)\b|\s*%|\s+per\s?cent\b)?"
    rf"|(?P<words>\b(?:{_WORD})(?:(?:(?<=hundred)\s+and\s+|\s+|-)(?:{_WORD}))*\b)",
    re.IGNORECASE,
)
QUALIFIER_RE = re.compile(
    rf"\b({'|'.join(sorted(QUALIFIER_KIND, key=len, reverse=True))})\s+$", re.IGNORECASE
)
DURATION_RE = re.compile(
    r"(?i)^(?:\s+|-)(?:more\s+|long\s+|full\s+)?"
    r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?\b"
)
COUNTED_RE = re.compile(
    r"(?i)^\s+(?:more\s+|other\s+)?(?:people|persons|civilians|soldiers|troops|refugees|"
    r"migrants|families|children|residents|deaths|dead)\b"
)
_ONE_BEFORE = "no any every each the this that which someone only"
_ONE_AFTER = (
    "of in on at by for should could would must may might can will another side way day time "
    "hand thing point that which who and or to is was more but"
)
ONE_BEFORE, ONE_AFTER = set(_ONE_BEFORE.split()), set(_ONE_AFTER.split())
TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\b\.?)?|\b\d{1,2}\s*[ap]\.m\.")
HEADER_RE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")
_DATE_SOURCES = {
    "iso": r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b",
    "md": rf"\b(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<year>\d{4})\b)?",
    "dm": rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})\b\.?"
    r"(?:,?\s+(?P<year>\d{4}\b|'\d{2}\b))?",
    "my": rf"\b(?P<mon>{_MONTH_FULL})\s+(?P<year>\d{{4}})\b",
    "month_rel": rf"\b(?P<mon>{_MONTH_FULL})\s+(?P<rel>last|next|this)\s+year\b",
    "month": rf"\b(?P<mon>{_MONTH_FULL})\b",
    "weekday": rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{_WD})\b",
    "relative": r"(?i)\b(?:(?P<side>earlier|later)\s+)?(?P<rel>this|last|next)\s+"
    r"(?P<unit>week|month|year)\b",
    "day_word": r"(?i)\b(?P<word>today|tonight|yesterday|tomorrow|last night)\b",
    "past_n": rf"(?i)\b(?:last|past)\s+(?P<n>\d+|{'|'.join(UNITS)}|few|several)\s+"
    r"(?P<unit>days|weeks|months)\b",
}
DATE_PATTERNS = tuple((kind, re.compile(source)) for kind, source in _DATE_SOURCES.items())
"""Date expressions, most specific first; a later pattern never overlaps an earlier match."""
MAY_RE = re.compile(r"(?i)\b(?:in|since|until|by|from|of|early|late|mid)\s+$")
SINCE_RE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_ABBREVIATION_WORDS = "sept mr mrs ms dr st gen col lt sgt no vs etc e.g i.e approx"
ABBREVIATIONS = {m.lower() for m in calendar.month_abbr[1:] if m != "May"}
ABBREVIATIONS.update(_ABBREVIATION_WORDS.split())
ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(p))
    for label, p in (
        ("White Helmets", r"White Helmets|civil defen[cs]e"),
        ("UN", r"\bUN\b|\bU\.N\.|United Nations|UNHCR|OCHA"),
        ("NATO", r"\bNATO\b"),
        ("EU", r"\bEU\b|European Union|Borrell"),
        ("Greece", r"\bGreece\b|\bGreek\b"),
        ("Turkey", r"\bTurk(?:ey|ish|s)\b|\bTurkey's|\bAnkara\b|\bErdogan\b|\bAkar\b"),
        ("Russia", r"\bRussia(?:n|ns|'s)?\b|\bMoscow\b|\bKremlin\b|\bPutin\b|\bLavrov\b"),
        ("Syria", r"\bSyria(?:n|ns|'s)?\b|\bAssad\b|\bDamascus\b|\bregime\b|government forces"),
        ("civilians", r"\b(?:civilians?|refugees|migrants|displaced|people|families|residents)\b"),
    )
)
SOLDIERS_RE = re.compile(r"\b(?:soldiers?|troops|servicem[ae]n|personnel|army|military)\b", re.I)
NATION_RE = re.compile(r"\b(Turkish|Turkey's|Syrian|Syria's|government|regime|Russian)\b", re.I)
PEOPLE_RE = re.compile(
    r"(?i)\b(?:civilians?|people|persons|Syrians|refugees|migrants|residents|children|families|"
    r"IDPs|displaced)\b"
)
DEATH_RE = re.compile(
    r"(?i)\b(?:kill\w*|died|dead|deaths?|toll|lost their lives|martyr\w*|neutrali[sz]ed)\b"
)
DISPLACED_RE = re.compile(
    r"(?i)\b(?:displaced|displacement|forced to (?:leave|flee)|fled|fleeing|uprooted|"
    r"leave their homes)\b"
)
GREECE_RE = re.compile(r"(?i)\b(?:crossed|entered|reached)\b.*\b(?:Greece|Greek)\b")
_ARMIES = (("Turkey", "turkish"), ("Syria", "syrian"), ("Russia", "russian"))
_PHRASE_STOP = "and or but while were was have had has are is who which that"
PHRASE_STOP = set(_PHRASE_STOP.split())
MILITARY_METRIC = {actor: f"{adjective}_military_deaths" for actor, adjective in _ARMIES}

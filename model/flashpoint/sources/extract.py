"""Candidate figures in news text, for a person to review before adding them to figures.yaml.

:func:`extract_figures` finds numbers written in digits (``875,000``, ``33``, ``1.5 million``)
and in words (``thirty-three``, ``nearly one million``, ``a million``, ``dozens``, ``hundreds of
thousands``), with the qualifier in front of them (``at least`` -> ``at_least``, ``nearly`` ->
``at_most``, ``some`` -> ``about``), the dates near them resolved against the article's date
(``February 8``, ``Friday``, ``last Monday``, ``since December``, ``earlier this month``), the
actor the number is about and a guessed metric. Years, clock times, dates and durations
(``seven months``, ``nine-year``) are not candidates; neither is the pronoun ``one``
(``one should``, ``one in October``). Recall matters more than precision: a person reviews.

Dates come as ISO strings; a span is written ``start/end`` (ISO 8601 interval), e.g. "since
December" in an article of 18 Feb 2020 is ``2019-12-01/2020-02-18``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

import pandas as pd

from flashpoint.sources.extract_patterns import (
    ABBREVIATIONS,
    ACTORS,
    COUNTED_RE,
    DATE_PATTERNS,
    DEATH_RE,
    DISPLACED_RE,
    DURATION_RE,
    GREECE_RE,
    HEADER_RE,
    MAY_RE,
    MILITARY_METRIC,
    MONTHS,
    NATION_RE,
    NUMBER_RE,
    ONE_AFTER,
    ONE_BEFORE,
    PEOPLE_RE,
    PHRASE_STOP,
    QUALIFIER_KIND,
    QUALIFIER_RE,
    SCALES,
    SENTENCE_END_RE,
    SINCE_RE,
    SOLDIERS_RE,
    TENS,
    TIME_RE,
    UNITS,
    VAGUE,
    WEEKDAYS,
)


@dataclass
class Candidate:
    """One candidate figure found in text.

    Attributes:
        source: Where the text came from (file name).
        sentence: The sentence holding the number, whitespace collapsed.
        number_text: The number as written (``875,000``, ``one million``, ``dozens``).
        value: Its value (vague words: ``dozens`` 24, ``hundreds`` 200 ...).
        kind: ``point``, ``at_least``, ``at_most`` or ``about``.
        qualifier: The qualifier in front of the number, lower case, or ``""``.
        dates: ISO dates (or ``start/end`` spans) in the sentence, else in the sentence before.
        actor: Whom the number is about: Turkey, Russia, Syria, NATO, EU, UN, White Helmets,
            Greece, civilians, or ``""``.
        metric_guess: A metric name or ``context``.
        char_offset: Offset of ``number_text`` in the text.
    """

    source: str
    sentence: str
    number_text: str
    value: float
    kind: str
    qualifier: str
    dates: list[str] = field(default_factory=list)
    actor: str = ""
    metric_guess: str = "context"
    char_offset: int = 0


def words_to_number(text: str) -> float:
    """Value of a number in words: ``thirty-three`` 33, ``two hundred and fifty`` 250."""
    total, current = 0, 0
    for token in re.split(r"[\s-]+", text.lower()):
        if token in UNITS or token in TENS:
            current += UNITS.get(token, 0) + TENS.get(token, 0)
        elif token in ("hundred", "dozen"):
            current = max(current, 1) * SCALES[token]
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        elif token != "and":
            raise ValueError(f"not a number word: {token!r} in {text!r}")
    return float(total + current)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None, since: bool) -> str | None:
    """ISO date or span of one date expression, or None when it cannot be resolved."""
    g = m.groupdict()
    if kind in ("iso", "md", "dm"):
        month = int(g["mon"]) if kind == "iso" else MONTHS[g["mon"].lower()]
        year_text = g.get("year") or ""
        if not year_text and ref is None:
            return None
        century = 2000 if year_text.startswith("'") else 0
        year = int(year_text.lstrip("'")) + century if year_text else ref.year
        try:
            start = end = dt.date(year, month, int(g["day"]))
        except ValueError:
            return None
        if not year_text and start > ref + dt.timedelta(days=60):  # a past year's date
            start = end = start.replace(year=year - 1)
    elif kind in ("my", "month_rel", "month"):
        month = MONTHS[g["mon"].lower()]
        if kind == "my":
            year = int(g["year"])
        elif ref is None:
            return None
        elif kind == "month_rel":
            year = ref.year + {"last": -1, "next": 1, "this": 0}[g["rel"]]
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        start, end = _month_span(year, month)
    elif ref is None:
        return None
    elif kind == "weekday":
        back = (ref.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        rel = (g["rel"] or "").lower()
        days = -(back or 7) if rel == "last" else (7 - back or 7) if rel == "next" else -back
        start = end = ref + dt.timedelta(days=days)
    elif kind == "day_word":
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}
        start = end = ref + dt.timedelta(days=offset[g["word"].lower()])
    elif kind == "relative":
        rel, unit, side = g["rel"].lower(), g["unit"].lower(), (g["side"] or "").lower()
        step = {"last": -1, "next": 1, "this": 0}[rel]
        if unit == "week":
            monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
            start, end = monday, monday + dt.timedelta(days=6)
        elif unit == "month":
            index = ref.year * 12 + ref.month - 1 + step
            start, end = _month_span(index // 12, index % 12 + 1)
        else:
            start, end = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        if rel == "this":
            if side == "later":
                start = ref + dt.timedelta(days=1)
            else:
                end = max(start, ref - dt.timedelta(days=1)) if side == "earlier" else ref
    else:  # past_n
        n_text = g["n"].lower()
        if n_text in ("few", "several"):
            return None
        n = int(n_text) if n_text.isdigit() else UNITS[n_text]
        days = n * {"days": 1, "weeks": 7, "months": 30}[g["unit"].lower()]
        start, end = ref - dt.timedelta(days=days), ref
    if since and ref is not None and start <= ref:
        end = ref
    return _span(start, end)


def find_dates(
    text: str, ref: dt.date | None
) -> tuple[list[tuple[int, int, str | None]], list[tuple[int, int]]]:
    """Date expressions in ``text`` as (start, end, ISO or None), and clock-time spans."""
    found: list[tuple[int, int, str | None]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            before = text[max(0, m.start() - 20) : m.start()]
            if kind == "month" and m["mon"] == "May" and not MAY_RE.search(before):
                continue  # "may" the verb
            since = bool(SINCE_RE.search(before))
            found.append((m.start(), m.end(), _resolve(kind, m, ref, since)))
            taken.append((m.start(), m.end()))
    times = [(m.start(), m.end()) for m in TIME_RE.finditer(text)]
    return sorted(found), times


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence; lines are paragraphs."""
    spans: list[tuple[int, int, int]] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        start = 0
        for m in SENTENCE_END_RE.finditer(line):
            token = re.search(r"(\S+)$", line[: m.start() + 1])
            word = token.group(1).lower().rstrip(".").lstrip("(\"“'") if token else ""
            if word in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
                continue
            spans.append((offset + start, offset + m.start() + 1, paragraph))
            start = m.end()
        if line[start:].strip():
            spans.append((offset + start, offset + len(line), paragraph))
        offset += len(line) + 1
    return [s for s in spans if text[s[0] : s[1]].strip()]


def _is_figure(text: str, m: re.Match[str]) -> bool:
    """False for numbers that are not figures: designations, ordinals, years, durations, 'one'."""
    start, end = m.start(), m.end()
    prev1, prev2, after = text[start - 1 : start], text[max(0, start - 2) : start - 1], text[end:]
    if prev1.isalnum() or (prev1 == "-" and prev2.isalpha()):
        return False  # M5, S-400, F-35
    if m["digits"] and not m["scale"] and after[:1].isalpha():
        return False  # 5G, 12th, 1st
    if DURATION_RE.match(after):
        return False
    digits = m["digits"]
    if digits and not m["scale"] and re.fullmatch(r"(19|20)\d\d", digits):
        return bool(COUNTED_RE.match(after))
    if m["words"] and m["words"].lower() == "one":
        prev = re.search(r"(\w+)\W*$", text[max(0, start - 20) : start])
        nxt = re.match(r"\W*(\w+)", after)
        after_word = nxt.group(1).lower() if nxt else ""
        return (
            bool(after_word)
            and after_word not in ONE_AFTER
            and not (prev and prev.group(1).lower() in ONE_BEFORE)
        )
    return True


def _value(m: re.Match[str]) -> tuple[float, str]:
    """Value and default kind of a number match."""
    if m["vague"]:
        return float(VAGUE[m["vague"].lower()]), "at_least"
    if m["article"]:
        words = m["article"].lower().split()
        scale = SCALES[words[-1]]
        return (scale / 2 if words[0] == "half" else float(scale)), "about"
    if m["digits"]:
        value = float(m["digits"].replace(",", ""))
        scale = (m["scale"] or "").strip().lower()
        return value * SCALES.get(scale, 1), "point"
    return words_to_number(m["words"]), "point"


def _actor(sentence: str, pos: int, prev_sentence: str) -> tuple[str, str | None]:
    """(actor, group) for the number ending at ``pos``; group is what the number counts."""
    words = re.split(r"[,.;:!?()\"“”]", sentence[pos:], maxsplit=1)[0].split()[:5]
    phrase = " ".join(itertools.takewhile(lambda w: w.lower() not in PHRASE_STOP, words))
    if SOLDIERS_RE.search(phrase):
        nation = NATION_RE.search(phrase)
        word = nation.group(1).lower() if nation else ""
        label = "Turkey" if word.startswith("turk") else "Russia" if word == "russian" else "Syria"
        if nation:
            return label, label
        group: str | None = "soldiers"
    else:
        group = "civilians" if PEOPLE_RE.search(phrase) else None
    if group == "civilians":
        return "civilians", group
    actors = [(lab, pat) for lab, pat in ACTORS if not (group and lab == "civilians")]
    mentions = [
        (abs(am.start() - pos), lab) for lab, pat in actors for am in pat.finditer(sentence)
    ]
    best = min(mentions, key=lambda m: m[0])[1] if mentions else ""
    if not best:  # the actor mentioned last in the sentence before
        mentions = [(am.start(), lab) for lab, pat in actors for am in pat.finditer(prev_sentence)]
        best = max(mentions)[1] if mentions else ""
    return best, group


def _metric(sentence: str, group: str | None) -> str:
    dead = DEATH_RE.search(sentence)
    if dead and group in MILITARY_METRIC:
        return MILITARY_METRIC[group]
    if dead and (group == "civilians" or (group is None and "civilian" in sentence.lower())):
        return "civilian_deaths"
    if group in ("civilians", None) and DISPLACED_RE.search(sentence):
        return "displaced_total"
    if group in ("civilians", None) and GREECE_RE.search(sentence):
        return "crossed_to_greece"
    return "context"


def parse_reference_date(text: str) -> dt.date | None:
    """The date of a ``date YYYY-MM-DD`` header at the start of ``text``, if any."""
    m = HEADER_RE.match(text)
    return dt.date.fromisoformat(m.group(1)) if m else None


def extract_figures(
    text: str, source: str = "", reference_date: dt.date | None = None
) -> list[Candidate]:
    """Find candidate figures in news text.

    Args:
        text: The article text.
        source: A label for the text (file name), copied into each candidate.
        reference_date: The article's date, to resolve "Monday", "since December" and month
            days without a year. Default: a ``date YYYY-MM-DD`` header, else unresolved (only
            dates with a year are then given).

    Returns:
        Candidates in text order.
    """
    ref = reference_date or parse_reference_date(text)
    header = HEADER_RE.match(text)
    if header:  # blank the header out, keeping offsets
        text = " " * header.end() + text[header.end() :]
    dates, times = find_dates(text, ref)
    blocked = [(s, e) for s, e, _ in dates] + times
    sentences = sentence_spans(text)
    out: list[Candidate] = []
    for index, (s_start, s_end, paragraph) in enumerate(sentences):
        sentence = text[s_start:s_end]
        prev = sentences[index - 1] if index and sentences[index - 1][2] == paragraph else None
        prev_text = text[prev[0] : prev[1]] if prev else ""
        near = [iso for s, e, iso in dates if s_start <= s < s_end and iso]
        if not near and prev:
            near = [iso for s, e, iso in dates if prev[0] <= s < prev[1] and iso]
        for m in NUMBER_RE.finditer(sentence):
            start, end = s_start + m.start(), s_start + m.end()
            if any(start < e and s < end for s, e in blocked) or not _is_figure(sentence, m):
                continue
            value, kind = _value(m)
            q = QUALIFIER_RE.search(sentence[: m.start()])
            qualifier = q.group(1).lower() if q else ""
            actor, group = _actor(sentence, m.end(), prev_text)
            out.append(
                Candidate(
                    source=source,
                    sentence=re.sub(r"\s+", " ", sentence).strip(),
                    number_text=m.group(0),
                    value=value,
                    kind=QUALIFIER_KIND[qualifier] if qualifier else kind,
                    qualifier=qualifier,
                    dates=list(dict.fromkeys(near)),
                    actor=actor,
                    metric_guess=_metric(sentence, group),
                    char_offset=start,
                )
            )
    return out


CANDIDATE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Candidate))


def candidates_frame(cands: Sequence[Candidate]) -> pd.DataFrame:
    """One row per candidate; ``dates`` joined with ``;`` so the frame writes to CSV cleanly."""
    rows = [{**asdict(c), "dates": ";".join(c.dates)} for c in cands]
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))

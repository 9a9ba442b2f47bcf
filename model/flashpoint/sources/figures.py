"""The calibration figures table: every figure and dated event in the source articles.

The table lives in ``calibration/figures.yaml`` at the repository root (data for the analyst to
edit when new articles arrive, not package data). Each entry is a :class:`Figure` carrying its
value, how to read it (``kind``: point, bound, interval or event), the date it refers to, an
optional counting window, and its provenance (source file, outlet, article date, verbatim quote,
reliability). :func:`load_figures` validates the whole file and names the offending entry and
field on error; :func:`check_against_seeds` verifies provenance against the source documents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from flashpoint.metrics import METRIC_NAMES

DEFAULT_RELATIVE_PATH = Path("calibration") / "figures.yaml"
"""Where :func:`load_figures` looks by default, relative to the working directory."""

MODEL_START = dt.date(2019, 12, 1)
"""First day of the model (start of the offensive); default start of :func:`figures_until`."""

Kind = Literal["point", "at_least", "at_most", "about", "event"]
Reliability = Literal[
    "independent_count",
    "ngo_count",
    "party_claim",
    "rounded",
    "official_statement",
    "reported_event",
]
Use = Literal["fit", "check", "context"]

EXTRA_METRICS: tuple[str, ...] = ("event", "context")
"""Metric names allowed beside :data:`flashpoint.metrics.METRIC_NAMES`."""


class FiguresError(ValueError):
    """The figures file is missing, malformed, or an entry is invalid."""


class Figure(BaseModel):
    """One figure or dated event from a source article.

    Attributes:
        id: Unique snake_case name.
        metric: A name from ``METRIC_NAMES``, ``event`` or ``context``.
        value: The number as printed; None for events.
        kind: ``point``, ``at_least``, ``at_most``, ``about`` (with ``low``/``high``) or ``event``.
        low: Lower end of the interval of an ``about`` figure.
        high: Upper end of the interval of an ``about`` figure.
        date: The date the figure refers to.
        window_start: First day of the counting window, if the figure counts over a window.
        date_uncertainty_days: The figure may refer to any day within ``date`` +/- this.
        source_file: File name in the seeds folder.
        outlet: Publisher.
        article_date: Date of the article.
        quote: Short verbatim quote from the source file.
        reliability: Kind of source (UN count, NGO count, party claim ...).
        use: ``fit``, ``check`` or ``context``.
        note: How to read the figure.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    metric: str
    value: float | None
    kind: Kind
    low: float | None = None
    high: float | None = None
    date: dt.date
    window_start: dt.date | None = None
    date_uncertainty_days: int = Field(default=0, ge=0)
    source_file: str = Field(min_length=1)
    outlet: str = Field(min_length=1)
    article_date: dt.date
    quote: str = Field(min_length=3)
    reliability: Reliability
    use: Use
    note: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        problem = self._problem()
        if problem is not None:
            raise ValueError(f"field '{problem[0]}': {problem[1]}")
        return self

    def _problem(self) -> tuple[str, str] | None:
        """(field, message) of the first cross-field inconsistency, or None."""
        metric_ok = self.metric in METRIC_NAMES or self.metric in EXTRA_METRICS
        if not metric_ok:
            return "metric", f"'{self.metric}' is not a model metric, 'event' or 'context'"
        if self.kind == "event" and self.value is not None:
            return "value", "an event has value null"
        if self.kind != "event" and self.value is None:
            return "value", f"kind '{self.kind}' needs a number"
        if self.metric == "event" and self.kind != "event":
            return "kind", "metric 'event' needs kind 'event'"
        if self.kind == "event" and self.metric in METRIC_NAMES:
            return "metric", "kind 'event' needs metric 'event' or 'context'"
        if self.metric == "context" and self.use != "context":
            return "use", "metric 'context' needs use 'context'"
        if self.kind == "about":
            if self.low is None or self.high is None:
                return "low", "kind 'about' needs low and high"
            if not self.low < self.high:
                return "low", f"low ({self.low}) must be below high ({self.high})"
            if self.value is not None and not self.low <= self.value <= self.high:
                return "value", f"{self.value} lies outside [{self.low}, {self.high}]"
        elif self.low is not None or self.high is not None:
            return "low", "low and high are only for kind 'about'"
        if self.window_start is not None and self.window_start > self.date:
            return "window_start", f"{self.window_start} is after date {self.date}"
        return None

    @property
    def is_numeric(self) -> bool:
        """True when the entry carries a number (not an event)."""
        return self.value is not None


def _describe(err: dict[str, Any]) -> str:
    """One pydantic error as "field 'name': message"."""
    loc = [str(p) for p in err.get("loc", ())]
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"field '{'.'.join(loc)}': {message}" if loc else message


def _parse_entry(raw: Any, index: int, path: Path) -> Figure:
    ident = raw.get("id", "?") if isinstance(raw, dict) else "?"
    where = f"{path}: entry {index} (id '{ident}')"
    if not isinstance(raw, dict):
        raise FiguresError(f"{where}: expected a mapping of fields, got {type(raw).__name__}")
    try:
        return Figure.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise FiguresError(f"{where}: {problems}") from None


def load_figures(path: Path | str | None = None, seeds_dir: Path | None = None) -> list[Figure]:
    """Load and validate the figures table.

    Args:
        path: The YAML file. Default: ``calibration/figures.yaml`` under the working directory.
        seeds_dir: If given, also check every entry against the source documents there
            (see :func:`check_against_seeds`).

    Returns:
        The figures in file order.

    Raises:
        FiguresError: The file is missing or not a YAML list, an entry is invalid (the message
            names the file, the entry's index and id, and the field), or ids repeat.
    """
    file = Path(path) if path is not None else Path.cwd() / DEFAULT_RELATIVE_PATH
    if not file.is_file():
        raise FiguresError(f"figures file not found: {file}")
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FiguresError(f"{file}: not valid YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise FiguresError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    if not isinstance(raw, list):
        raise FiguresError(f"{file}: expected a list of figure entries at the top level")
    figures: list[Figure] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        fig = _parse_entry(entry, index, file)
        if fig.id in seen:
            raise FiguresError(
                f"{file}: entry {index} (id '{fig.id}'): field 'id': repeats entry {seen[fig.id]}"
            )
        seen[fig.id] = index
        figures.append(fig)
    if seeds_dir is not None:
        check_against_seeds(figures, seeds_dir, file)
    return figures


def collapse_whitespace(text: str) -> str:
    """Replace every run of whitespace by one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def indexed_sources(seeds_dir: Path) -> set[str]:
    """File names listed in the seeds folder's ``INDEX.md``.

    Raises:
        FiguresError: The folder or its INDEX.md is missing.
    """
    index = Path(seeds_dir) / "INDEX.md"
    if not index.is_file():
        raise FiguresError(f"seeds index not found: {index}")
    return set(re.findall(r"[\w.-]+\.txt", index.read_text(encoding="utf-8")))


def check_against_seeds(
    figures: Iterable[Figure], seeds_dir: Path, path: Path | str = "figures"
) -> None:
    """Check provenance: each source file is indexed and exists, and each quote is verbatim.

    Quotes are compared with whitespace collapsed on both sides and nothing else changed.

    Raises:
        FiguresError: Naming the first entry whose source or quote does not check out.
    """
    listed = indexed_sources(seeds_dir)
    texts: dict[str, str] = {}
    for fig in figures:
        where = f"{path}: id '{fig.id}'"
        if fig.source_file not in listed:
            raise FiguresError(
                f"{where}: field 'source_file': {fig.source_file} is not listed in "
                f"{Path(seeds_dir) / 'INDEX.md'}"
            )
        if fig.source_file not in texts:
            file = Path(seeds_dir) / fig.source_file
            if not file.is_file():
                raise FiguresError(f"{where}: field 'source_file': {file} does not exist")
            texts[fig.source_file] = collapse_whitespace(file.read_text(encoding="utf-8"))
        if collapse_whitespace(fig.quote) not in texts[fig.source_file]:
            raise FiguresError(
                f"{where}: field 'quote': not found verbatim in {fig.source_file}: {fig.quote!r}"
            )


def figures_until(
    figs: Iterable[Figure], until: dt.date, start: dt.date = MODEL_START
) -> list[Figure]:
    """Keep the figures whose date and window lie within ``[start, until]``.

    A figure is kept when ``start <= date <= until`` and, if it has a window,
    ``window_start >= start``. ``date_uncertainty_days`` is not widened into the test: the
    nominal date decides.

    Args:
        figs: Figures to filter.
        until: Last day allowed (the knowledge cut-off, e.g. 2020-02-29).
        start: First day allowed (default: the model start, 2019-12-01).

    Returns:
        The kept figures, in input order.
    """
    if until < start:
        raise ValueError(f"until ({until}) is before start ({start})")
    kept = []
    for fig in figs:
        if not start <= fig.date <= until:
            continue
        if fig.window_start is not None and fig.window_start < start:
            continue
        kept.append(fig)
    return kept


FRAME_COLUMNS: tuple[str, ...] = tuple(Figure.model_fields)


def figures_frame(figs: Sequence[Figure]) -> pd.DataFrame:
    """One row per figure, one column per field (dates as ``datetime64``).

    Args:
        figs: Figures.

    Returns:
        A DataFrame with the columns of :class:`Figure` in declaration order.
    """
    frame = pd.DataFrame([f.model_dump() for f in figs], columns=list(FRAME_COLUMNS))
    for column in ("date", "window_start", "article_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "low", "high"):
        frame[column] = frame[column].astype("float64")
    frame["date_uncertainty_days"] = frame["date_uncertainty_days"].astype("int64")
    return frame

"""``calibration/REPORT.md``: the figures beside the calibrated model, and what it leaves open.

Each figure beside the calibrated model, the parameters' narrowing, the end check at a finer
scale, and the outputs no figure constrains.

Everything here formats tables that :mod:`flashpoint.calibration.predictive` and
:mod:`flashpoint.calibration.abc` computed; nothing is simulated in this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashpoint.calibration.abc import Generation
from flashpoint.calibration.checks import acceptance_rows, acceptance_table, fmt, summarise
from flashpoint.calibration.distance import DERIVED_SERIES_METRIC, Target
from flashpoint.calibration.predictive import UNCALIBRATED
from flashpoint.calibration.priors import Priors
from flashpoint.metrics import METRIC_NAMES
from flashpoint.runs.posterior import Posterior, weighted_quantile
from flashpoint.sources.figures import Figure


@dataclass(frozen=True)
class ReportInputs:
    """What the report is made of.

    Attributes:
        command: The command line that produced it.
        header: (label, value) pairs about the run (inputs, hashes, budget, time).
        priors: The calibration set-up.
        posterior: The fitted posterior.
        generations: The ABC generations.
        fitted: Fitted targets.
        checks: Checked targets (reported, not fitted).
        events: Dated events of the figures table (not fitted as numbers).
        scenario_event_ids: Ids of the events the calibrated scenario forces.
        coarse: Posterior-predictive rows at the fitting scale.
        defaults: Rows with the registry defaults at the fitting scale.
        fine: Posterior-predictive rows at the check scale.
    """

    command: str
    header: list[tuple[str, str]]
    priors: Priors
    posterior: Posterior
    generations: list[Generation]
    fitted: list[Target]
    checks: list[Target]
    events: list[Figure]
    coarse: pd.DataFrame
    defaults: pd.DataFrame
    fine: pd.DataFrame
    scenario_event_ids: tuple[str, ...] = ()


def band(values: pd.Series) -> str:
    """The text ``median [p05–p95]`` of a column."""
    m, lo, hi = summarise(values)
    return f"{fmt(m)} [{fmt(lo)}–{fmt(hi)}]"


def figure_text(t: Target) -> str:
    """The figure as a reader would say it."""
    if t.kind == "at_least":
        return f"≥ {fmt(t.value)}"
    if t.kind == "at_most":
        return f"≤ {fmt(t.value)}"
    if t.kind == "about":
        return f"{fmt(t.lo)}–{fmt(t.hi)}"
    return f"{fmt(t.value)} (±{fmt(t.tolerance)})"


def window_text(t: Target) -> str:
    """The counting window with its tolerances."""
    text = f"{t.window_start or 'start'} → {t.date}"
    extras = []
    if t.date_shift_days:
        extras.append(f"end ±{t.date_shift_days} d")
    if t.timing_shift_days:
        extras.append(f"shift ±{t.timing_shift_days} d")
    return text + (f" ({', '.join(extras)})" if extras else "")


def verdict(t: Target, values: pd.Series) -> str:
    """Plain words: does the model's median (nominal window) meet the figure?"""
    m, lo, hi = summarise(values)
    if not math.isfinite(m):
        return "no model value"
    if t.lo <= m <= t.hi:
        return "fits"
    side = "below" if m < t.lo else "above"
    gap = (t.lo - m) if m < t.lo else (m - t.hi)
    if gap <= t.tolerance:
        return f"close: median {side}, within one tolerance"
    if hi < t.lo or lo > t.hi:
        return f"**MISS**: the whole 90% band lies {side} the figure"
    return f"**miss**: median {side} the figure; the 90% band reaches it"


def figures_table(inputs: ReportInputs) -> list[str]:
    """Each figure beside the model's median and band, and whether it fits."""
    lines = [
        "| figure | metric | figure says | window | use | model median [5–95%] | "
        "runs matching (tolerance, windows) | registry defaults: median | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in [*inputs.fitted, *inputs.checks]:
        use = f"fit (weight {t.weight:g})" if t.fitted else f"check ({t.reliability})"
        matched = (inputs.coarse[f"{t.id}__discrepancy"] == 0).mean() * 100
        default = summarise(inputs.defaults[t.id])[0] if t.id in inputs.defaults else math.nan
        lines.append(
            f"| `{t.id}` | {t.metric} | {figure_text(t)} | {window_text(t)} | {use} | "
            f"{band(inputs.coarse[t.id])} | {matched:.0f}% | {fmt(default)} | "
            f"{verdict(t, inputs.coarse[t.id])} |"
        )
    return lines


def parameters_table(priors: Priors, posterior: Posterior) -> list[str]:
    """Each calibrated parameter: prior, posterior interval and how much it narrowed."""
    from flashpoint.parameters import registry

    reg = registry()
    lines = [
        "| parameter | prior | registry default | posterior median | posterior 90% | "
        "prior 90% | width ratio | narrowing |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in priors.parameters:
        j = posterior.names.index(p.name)
        x = np.array([p.to_sampling(v) for v in posterior.values[:, j]])
        q05, q50, q95 = weighted_quantile(x, posterior.weights, [0.05, 0.5, 0.95])
        a, b = p.sampling_range
        ratio = (q95 - q05) / (0.9 * (b - a))
        word = "strong" if ratio < 0.5 else ("some" if ratio < 0.8 else "little or none")
        lines.append(
            f"| `{p.name}` | {p.prior.replace('_', '-')} [{fmt(p.low)}, {fmt(p.high)}] | "
            f"{fmt(float(reg[p.name].default))} | {fmt(p.from_sampling(q50))} | "
            f"{fmt(p.from_sampling(q05))}–{fmt(p.from_sampling(q95))} | "
            f"{fmt(p.quantile(0.05))}–{fmt(p.quantile(0.95))} | {ratio:.2f} | {word} |"
        )
    lines += [
        "",
        "Width ratio: posterior 90% width over prior 90% width, on the prior's scale "
        "(log10 for log-uniform priors); 1 means the figures taught nothing.",
    ]
    corr = correlations(priors, posterior)
    if corr:
        lines += [
            "",
            "Strong posterior correlations (the figures pin a combination, not each "
            "parameter): " + "; ".join(corr) + ".",
        ]
    return lines


def correlations(priors: Priors, posterior: Posterior, threshold: float = 0.5) -> list[str]:
    """Pairs of parameters whose weighted posterior correlation (sampling scale) is strong."""
    x = np.column_stack(
        [
            [p.to_sampling(v) for v in posterior.values[:, j]]
            for j, p in enumerate(priors.parameters)
        ]
    )
    if len(x) < 3:
        return []
    c = np.cov(x.T, aweights=posterior.weights)
    sd = np.sqrt(np.diag(c))
    out = []
    for i in range(len(sd)):
        for k in range(i + 1, len(sd)):
            if sd[i] > 0 and sd[k] > 0:
                r = c[i, k] / (sd[i] * sd[k])
                if abs(r) >= threshold:
                    out.append(f"`{priors.names[i]}` and `{priors.names[k]}` r = {r:+.2f}")
    return out


def scale_table(coarse: pd.DataFrame, fine: pd.DataFrame, targets: Sequence[Target]) -> list[str]:
    """The fitted figures at the fitting scale beside the end check at the finer scale."""
    s_c, s_f = int(coarse["scale"].iloc[0]), int(fine["scale"].iloc[0])
    lines = [
        f"| output | scale {s_c}: median [5–95%] | scale {s_f}: median [5–95%] |",
        "|---|---|---|",
    ]
    columns = [t.id for t in targets] + ["displaced_total_0228", "turkish_deaths_to_0228"]
    for c in columns:
        lines.append(f"| `{c}` | {band(coarse[c])} | {band(fine[c])} |")
    return lines


def uncalibrated_table(fine: pd.DataFrame, fitted: Sequence[Target]) -> list[str]:
    """The outputs no figure constrains, and which metrics the fitted figures reach."""
    lines = ["| output | what | model median [5–95%] | status |", "|---|---|---|---|"]
    for metric, what in UNCALIBRATED.items():
        lines.append(f"| `{metric}` | {what} | {band(fine[metric])} | uncalibrated |")
    constrained = {DERIVED_SERIES_METRIC.get(t.metric, t.metric) for t in fitted}
    free = [m for m in METRIC_NAMES if m not in constrained]
    series = sorted({t.metric for t in fitted} - set(METRIC_NAMES))
    lines += [
        "",
        "Metrics with at least one fitted figure: "
        + ", ".join(f"`{m}`" for m in sorted(constrained & set(METRIC_NAMES)))
        + (" (through the derived series " + ", ".join(f"`{m}`" for m in series) + ")")
        * bool(series)
        + ". Every other metric is **uncalibrated** (no figure constrains it): "
        + ", ".join(f"`{m}`" for m in free)
        + ".",
    ]
    return lines


def generations_table(generations: Sequence[Generation]) -> list[str]:
    """One row per ABC generation: tolerance, acceptance and effective sample size."""
    lines = [
        "| t | epsilon | accepted | simulations | acceptance | ESS |",
        "|---|---|---|---|---|---|",
    ]
    for g in generations:
        lines.append(
            f"| {g.t} | {g.epsilon:.3f} | {g.accepted} | {g.simulations} | "
            f"{g.acceptance_rate:.2f} | {g.ess:.0f} |"
        )
    return lines


def summary(inputs: ReportInputs) -> list[str]:
    """Plain-language summary: which fitted figures the posterior median meets, which it misses."""
    fits, misses = [], []
    for t in inputs.fitted:
        word = verdict(t, inputs.coarse[t.id])
        (fits if word == "fits" or word.startswith("close") else misses).append((t, word))
    lines = [
        f"- {len(fits)} of {len(inputs.fitted)} fitted figures are met (or within one "
        "tolerance) by the posterior median over the nominal window"
        + (": " + ", ".join(f"`{t.id}`" for t, _ in fits) if fits else "")
        + "."
    ]
    for t, word in misses:
        matched = (inputs.coarse[f"{t.id}__discrepancy"] == 0).mean() * 100
        lines.append(
            f"- `{t.id}` ({figure_text(t)}): {word.replace('**', '')}; "
            f"{matched:.0f}% of runs match it within the tolerances."
        )
    failed = [c for c, _, ok in acceptance_rows(inputs.fine) if not ok]
    lines.append(
        "- Acceptance checks: "
        + ("all pass." if not failed else "failing: " + "; ".join(failed) + ".")
    )
    return lines


def events_list(inputs: ReportInputs) -> list[str]:
    """Each dated event of the figures table and how the calibration uses it."""
    if not inputs.events:
        return ["none"]
    derived = {d.id: d for d in inputs.priors.distance.derived_figures}
    fitted_ids = {t.id for t in inputs.fitted}
    lines = []
    for e in inputs.events:
        users = [i for i, d in derived.items() if e.id in d.sources and i in fitted_ids]
        if e.id in inputs.scenario_event_ids:
            how = "forced on its date by the scenario"
        elif users:
            how = "fitted through " + ", ".join(f"`{u}`" for u in users)
        else:
            how = "neither forced under this id nor fitted (see the scenario's events)"
        lines.append(f"- `{e.id}` ({e.date}): {how}")
    return lines


def render(inputs: ReportInputs) -> str:
    """The whole report as Markdown."""
    coarse_n, fine_n = len(inputs.coarse), len(inputs.fine)
    lines = [
        "# Calibration report",
        "",
        f"Written by `{inputs.command}`. Method and reading guide: docs/CALIBRATION.md.",
        "",
        *[f"- {label}: {value}" for label, value in inputs.header],
        "",
        "## Summary",
        "",
        *summary(inputs),
        "",
        "## Figures beside the calibrated model",
        "",
        f"Model values: {coarse_n} posterior-predictive runs at the fitting scale, each with "
        "its own posterior draw and replicate, counted over the figure's nominal window. "
        "'Runs matching' uses the fit's rule (some candidate window within the tolerances "
        "meets the figure). Registry defaults: the same runs without the posterior. A miss "
        "is said plainly.",
        "",
        *figures_table(inputs),
        "",
        "## Acceptance checks",
        "",
        *acceptance_table(inputs.fine),
        "",
        "## Parameters: prior and posterior",
        "",
        *parameters_table(inputs.priors, inputs.posterior),
        "",
        "## End check at a finer scale",
        "",
        f"The same posterior draws, {fine_n} runs at the check scale against {coarse_n} at the "
        "fitting scale. Large differences would mean the coarse fit does not carry over.",
        "",
        *scale_table(inputs.coarse, inputs.fine, [*inputs.fitted, *inputs.checks]),
        "",
        "## Outputs no figure constrains (uncalibrated)",
        "",
        f"At the check scale ({fine_n} runs). These numbers follow from assumed parameters "
        "only and must be read as such.",
        "",
        *uncalibrated_table(inputs.fine, inputs.fitted),
        "",
        "## Dated events",
        "",
        *events_list(inputs),
        "",
        "## ABC-SMC generations",
        "",
        *generations_table(inputs.generations),
        "",
    ]
    return "\n".join(lines)

"""Write the tutorial notebooks of this folder from the cells held below as Python strings.

The cells live here, not in the ``.ipynb`` files, so that they are reviewed as plain text. After
editing a cell, run ``python notebooks/make_notebooks.py`` (from anywhere) and commit the script
and the regenerated notebooks together; they are written without outputs, with fixed cell ids,
so the same cells always give the same bytes (``tests/notebooks/test_notebooks.py`` checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

#: Notebook metadata: the ``python3`` kernel.
METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}

#: The first code cell of every notebook: the repository root, found from the working directory.
ROOT_CELL = """
import warnings
from pathlib import Path

# mesa (the agent framework) imports tqdm.auto, which warns in a kernel without ipywidgets.
warnings.filterwarnings("ignore", message="IProgress not found")

# The repository root: the first folder at or above the working directory holding
# pyproject.toml and scenarios/ (so the notebook runs from notebooks/ or from the root).
ROOT = Path.cwd().resolve()
while not ((ROOT / "pyproject.toml").is_file() and (ROOT / "scenarios").is_dir()):
    if ROOT.parent == ROOT:
        raise FileNotFoundError("run this notebook inside the Flashpoint repository")
    ROOT = ROOT.parent
print(ROOT)
"""

#: Writing a scenario's replicates as a results folder, which the briefing charts read.
SAVE_HELPER = '''
def save(scenario, results, folder, *, scale, posterior):
    """Write the replicates as a results folder (as flashpoint run does) and load it back."""
    meta = {
        "seed": scenario.seed,
        "replicates": len(results),
        "scale": scale,
        "posterior": {"source": posterior.source, "sha256": posterior.sha256},
    }
    folder_written, _ = write_scenario(Path(folder), scenario, results, meta)
    return load_results(folder_written)
'''

QUICK_START = [
    (
        "md",
        """
# Quick start: run a scenario from Python and look at the results

This notebook loads the shipped `baseline` scenario (the forecast: history to 29 February 2020,
then the model acts alone to 30 June), runs a few replicates with `run_scenarios`, and looks at
the daily table, a fan chart, a map and the headline numbers.

It runs at a **small scale** so that it finishes in well under a minute on 2 cores: one
simulated entry stands for 200 persons and there are only 6 replicates, so the intervals below
are rough. The command line does the same at full size:
`uv run flashpoint run scenarios/baseline.yaml --out results`.
""",
    ),
    ("code", ROOT_CELL),
    (
        "code",
        """
import tempfile
import time

import pandas as pd

from flashpoint import load_scenario, run_scenarios
from flashpoint.briefing.charts_map import map_chart
from flashpoint.briefing.charts_time import fan_chart
from flashpoint.briefing.results import load_results
from flashpoint.runs.outputs import write_scenario
from flashpoint.runs.posterior import load_posterior

SCALE = 200  # persons per simulated entry (outputs are always in persons)
REPLICATES = 6
# Local processes (the numbers are the same for any number). Each worker is a fresh Python
# process that imports the model first (a few seconds): worth it for more runs than here.
WORKERS = 1
""",
    ),
    (
        "md",
        """
## The scenario

A scenario is a YAML file; `load_scenario` resolves its `extends:` chain (baseline extends
history) and validates it. Its events are the decisions and incidents forced on their dates.
""",
    ),
    (
        "code",
        """
scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
print(f"{scenario.name}: {scenario.start} to {scenario.end}, seed {scenario.seed}")
print(" ".join(scenario.description.split()))
events = pd.DataFrame(scenario.to_dict()["events"])
events.reindex(columns=["id", "type", "on", "when", "note"])
""",
    ),
    (
        "md",
        """
## Run it

`run_scenarios` runs every replicate of every scenario given. It uses the calibrated posterior
shipped with the package, exactly as `flashpoint run` does: replicate *r* takes the posterior
draw of (seed, *r*). `posterior=None` would run on the registry defaults instead.
""",
    ),
    (
        "code",
        """
started = time.perf_counter()
runs = run_scenarios([scenario], replicates=REPLICATES, scale=SCALE, workers=WORKERS)
results = runs[scenario.name]  # one RunResult per replicate: .daily, .places, .flows, .events
print(f"{len(results)} replicates in {time.perf_counter() - started:.1f} s")
""",
    ),
    (
        "md",
        """
## The daily table

One row per (replicate, date), one column per metric (names and meanings in
`flashpoint.metrics`); counts are in persons or deaths since 1 December 2019.
""",
    ),
    (
        "code",
        """
daily = pd.concat([r.daily for r in results], ignore_index=True)
print(daily.shape)
daily.head()
""",
    ),
    (
        "code",
        """
KEY_METRICS = [
    "displaced_total",
    "civilian_deaths",
    "turkish_military_deaths",
    "at_greek_border",
    "crossed_to_greece",
]
days = pd.to_datetime(["2020-02-29", "2020-03-31", "2020-04-30", "2020-06-30"])
# Median across replicates on a few dates.
daily[daily["date"].isin(days)].groupby("date")[KEY_METRICS].median().round()
""",
    ),
    (
        "md",
        """
## Headline numbers

The median and the 90% interval across replicates on the last day. With 6 replicates the
interval is only a rough guide; `flashpoint run` uses the scenario's own replicates.
""",
    ),
    (
        "code",
        """
last = daily[daily["date"] == daily["date"].max()]
headline = last[KEY_METRICS].quantile([0.05, 0.5, 0.95]).T
headline.columns = ["p05", "median", "p95"]
print(f"on {last['date'].iloc[0]:%d %B %Y}, {REPLICATES} replicates, scale {SCALE}")
headline.round()
""",
    ),
    (
        "md",
        """
## Charts

The briefing charts (`flashpoint.briefing`) read a results folder, the same one `flashpoint run`
writes, so the replicates are written to a temporary folder first (`write_scenario`) and read
back (`load_results`). Altair charts display in the notebook; `flashpoint.briefing.export
.save_chart(chart, "stem")` writes them as PNG and SVG for slides.
""",
    ),
    ("code", SAVE_HELPER),
    (
        "code",
        """
workdir = tempfile.TemporaryDirectory(prefix="flashpoint-quick-start-")
res = save(scenario, results, workdir.name, scale=SCALE, posterior=load_posterior())
print(res.path, sorted(p.name for p in res.path.iterdir()))
""",
    ),
    (
        "code",
        """
fan_chart([res], "displaced_total")
""",
    ),
    (
        "code",
        """
map_chart(res, "2020-03-31")
""",
    ),
    (
        "md",
        """
Outcomes on the last day: the share of replicates in each, with a 95% (Wilson) interval.
""",
    ),
    (
        "code",
        """
res.outcomes
""",
    ),
    (
        "code",
        """
workdir.cleanup()  # remove the temporary results folder
""",
    ),
]

COMPARE = [
    (
        "md",
        """
# Comparing scenarios on common random numbers

Does a ceasefire from 6 March 2020 (`ceasefire_march`) change the numbers against the forecast
(`baseline`)? Both scenarios run replicates 0..n-1 with the same seed, so replicate *r* of each
uses the same random streams and the same posterior draw: they differ only where their events
differ. The difference is then taken **replicate by replicate** (paired), which is much less
noisy than the difference of two independent bands.

Small scale (200 persons per entry, 8 replicates, both cut at 30 April) so that it runs in about
a minute on 2 cores. At full size: `uv run flashpoint compare scenarios/baseline.yaml
scenarios/ceasefire_march.yaml --replicates 40`.
""",
    ),
    ("code", ROOT_CELL),
    (
        "code",
        """
import datetime as dt
import tempfile
import time

import pandas as pd

from flashpoint import load_scenario, run_scenarios
from flashpoint.briefing.charts_compare import difference_chart, outcomes_chart, paired_differences
from flashpoint.briefing.charts_time import fan_chart
from flashpoint.briefing.results import load_results
from flashpoint.runs.outputs import write_scenario
from flashpoint.runs.posterior import load_posterior
from flashpoint.sweeps import compare
from flashpoint.sweeps.compare import tables
from flashpoint.sweeps.inputs import with_end

SCALE = 200
REPLICATES = 8
WORKERS = 1  # see 01_quick_start: worker processes pay off for more runs
END = dt.date(2020, 4, 30)  # cut both scenarios here (the ceasefire starts on 6 March)
""",
    ),
    (
        "code",
        """
baseline = with_end(load_scenario(ROOT / "scenarios" / "baseline.yaml"), END)
ceasefire = with_end(load_scenario(ROOT / "scenarios" / "ceasefire_march.yaml"), END)
SEED = baseline.seed  # the same seed for both: common random numbers
extra = {e.id for e in ceasefire.events} - {e.id for e in baseline.events}
print(f"seed {SEED}; events only in {ceasefire.name}: {sorted(extra)}")
""",
    ),
    (
        "code",
        """
started = time.perf_counter()
runs = run_scenarios(
    [baseline, ceasefire], replicates=REPLICATES, seed=SEED, scale=SCALE, workers=WORKERS
)
print(f"{2 * REPLICATES} runs in {time.perf_counter() - started:.1f} s")
daily = pd.concat([r.daily for rs in runs.values() for r in rs], ignore_index=True)
""",
    ),
    (
        "md",
        """
## Pairing by hand

Civilian deaths by 30 April, one row per replicate: the difference is taken within each row.
""",
    ),
    (
        "code",
        """
on_end = daily[daily["date"] == pd.Timestamp(END)]
paired = on_end.pivot(index="replicate", columns="scenario", values="civilian_deaths")
paired["difference"] = paired[ceasefire.name] - paired[baseline.name]
paired.round()
""",
    ),
    (
        "md",
        """
## The comparison tables

`flashpoint.sweeps.compare.tables` turns the daily tables into the tables `flashpoint compare`
writes: bands, paired differences per metric and date (quantiles of the per-replicate
differences and a 95% t interval of their mean), and the outcome shares. The `unpaired_*`
columns give the interval the same runs would have if they were independent: compare their
widths with the paired ones.
""",
    ),
    (
        "code",
        """
comparison = tables(daily, [baseline.name, ceasefire.name], REPLICATES)
diffs = comparison.differences
headline = comparison.headline().set_index("metric")
headline = headline.join(
    diffs[diffs["date"] == diffs["date"].max()].set_index("metric")[
        ["unpaired_low95", "unpaired_high95"]
    ]
)
headline["paired_width"] = headline["diff_high95"] - headline["diff_low95"]
headline["unpaired_width"] = headline["unpaired_high95"] - headline["unpaired_low95"]
headline.drop(columns=["scenario", "date"]).round(1)
""",
    ),
    (
        "code",
        """
comparison.outcomes
""",
    ),
    (
        "md",
        """
`compare()` does the runs and the tables in one call (it is what `flashpoint compare` runs).
It gives the same numbers: here on the first two replicates, with the shipped posterior (which
`run_scenarios` used by default).
""",
    ),
    (
        "code",
        """
check = compare(
    [baseline, ceasefire], replicates=2, seed=SEED, scale=SCALE, posterior=load_posterior()
)
mine = daily[daily["replicate"] < 2].sort_values(["scenario", "replicate", "date"])
theirs = check.daily.sort_values(["scenario", "replicate", "date"])
pd.testing.assert_frame_equal(
    mine.reset_index(drop=True), theirs[mine.columns].reset_index(drop=True)
)
print("compare() gives the same runs")
""",
    ),
    (
        "md",
        """
## Charts

The briefing charts read results folders, so both scenarios are written to a temporary folder.
The dot-and-whisker chart shows, per metric and date, the median paired difference and the
range of 90% of the replicates' differences.
""",
    ),
    ("code", SAVE_HELPER),
    (
        "code",
        """
workdir = tempfile.TemporaryDirectory(prefix="flashpoint-compare-")
posterior = load_posterior()
res_base, res_cease = (
    save(s, runs[s.name], workdir.name, scale=SCALE, posterior=posterior)
    for s in (baseline, ceasefire)
)
metrics = ["civilian_deaths", "displaced_total", "turkish_military_deaths", "at_greek_border"]
dates = ["2020-03-15", "2020-03-31", "2020-04-30"]
differences = paired_differences(res_base.daily, res_cease.daily, metrics, dates)
differences.round({"median": 1, "low": 1, "high": 1})
""",
    ),
    (
        "code",
        """
difference_chart(differences, [res_base, res_cease])
""",
    ),
    (
        "code",
        """
fan_chart([res_base, res_cease], "civilian_deaths")
""",
    ),
    (
        "code",
        """
outcomes_chart([res_base, res_cease])
""",
    ),
    (
        "code",
        """
workdir.cleanup()
""",
    ),
]

SWEEP = [
    (
        "md",
        """
# A small sweep and its sensitivity indices

A sweep runs a base scenario over many values of some inputs (model parameters, or fields of the
scenario's events), with the replicates of every point on common random numbers. This notebook
writes a much smaller version of the shipped `scenarios/sweeps/ceasefire_timing.yaml` into a
temporary folder: the ceasefire's start date and compliance and the daily strike rate, drawn by
a Sobol (Saltelli) design of N = 8, i.e. 8 x (3 + 2) = 40 points, 2 replicates each, at 200
persons per entry and to 30 April. It runs in about a minute on 2 cores.

Forty points are far too few for trustworthy Sobol indices: their confidence intervals below
are wide, and that is the honest result of a design this small. The shipped sweeps
(`scenarios/sweeps/`, run with `uv run flashpoint sweep FILE --workers 2`) are the real thing.
""",
    ),
    ("code", ROOT_CELL),
    (
        "code",
        """
import tempfile
import time
from pathlib import Path

import yaml

from flashpoint.briefing.charts_sweep import sweep_chart, sweep_heatmap, sweep_long, tornado_chart
from flashpoint.sweeps import analyze_sweep, load_sweep, run_sweep
from flashpoint.sweeps.engine import load_posterior

WORKERS = 2
""",
    ),
    (
        "md",
        """
## The sweep file

It keeps the shipped file's base scenario and outcomes, except the `difference` outcome (it
would run the baseline beside every run, doubling the time), and swaps the grid for a Sobol
design with three continuous inputs.
""",
    ),
    (
        "code",
        """
shipped_file = ROOT / "scenarios" / "sweeps" / "ceasefire_timing.yaml"
shipped = yaml.safe_load(shipped_file.read_text())
date_input = shipped["inputs"][0]  # the ceasefire's start: 6 March to 3 April
spec = {
    "name": "ceasefire_timing_small",
    "description": "A small Sobol version of ceasefire_timing.yaml, for the notebook.",
    "base": str((shipped_file.parent / shipped["base"]).resolve()),
    "end": shipped["end"],
    "replicates": 2,
    "scale": 200,
    "posterior": True,
    "sampler": "sobol",
    "samples": 8,
    "inputs": [
        {"name": date_input["name"], "range": date_input["range"]},  # dates as dates
        {"name": "events.ceasefire_6mar.compliance", "range": [0.6, 0.95]},
        {"name": "military.strike_rate_per_day", "range": [10.0, 30.0]},
    ],
    "outcomes": [o for o in shipped["outcomes"] if o["kind"] != "difference"],
    "discovery": ["clash", "breakdown"],
}
workdir = tempfile.TemporaryDirectory(prefix="flashpoint-sweep-")
sweep_file = Path(workdir.name) / "ceasefire_timing_small.yaml"
sweep_file.write_text(yaml.safe_dump(spec, sort_keys=False))
print(sweep_file.read_text())
""",
    ),
    (
        "md",
        """
`load_sweep` checks the file (inputs against the parameter registry and the base scenario's
events, outcomes against the metrics and the period) before anything runs.
""",
    ),
    (
        "code",
        """
sweep = load_sweep(sweep_file)
out = Path(workdir.name) / "out"
started = time.perf_counter()
results = run_sweep(sweep, out, workers=WORKERS, posterior=load_posterior())
print(f"{len(results)} runs in {time.perf_counter() - started:.1f} s")
print(results["status"].value_counts().to_dict())
results.head()
""",
    ),
    (
        "md",
        """
## Analysis

`analyze_sweep` averages each outcome over a point's replicates, computes the Sobol indices
(first-order `S1` and total `ST`, with 95% bootstrap half-widths) and fits a shallow decision
tree to say in which input ranges a Turkey-Russia clash or a ceasefire breakdown happens more
often than on average. Outcomes with the same value at every point are left out with a note.
""",
    ),
    (
        "code",
        """
report = analyze_sweep(out)
for note in report["notes"]:
    print("note:", note)
sensitivity = report["sensitivity"]
sensitivity[["outcome", "input", "S1", "S1_conf", "ST", "ST_conf"]].round(2)
""",
    ),
    (
        "code",
        """
print((out / "discovery.txt").read_text())
""",
    ),
    (
        "md",
        """
## Charts

An outcome against one input (runs as dots, and per point the median and 5-95% of its
replicates), the same outcome over two inputs, and the tornado of its sensitivity indices.
""",
    ),
    (
        "code",
        """
SOURCE = f"notebook sweep {spec['name']} ({len(results)} runs, scale {spec['scale']})"
OUTCOME = "civilian_deaths_30apr"
long = sweep_long(results)
sweep_chart(long, "military.strike_rate_per_day", OUTCOME, SOURCE)
""",
    ),
    (
        "code",
        """
sweep_heatmap(
    results, "events.ceasefire_6mar.compliance", "military.strike_rate_per_day", OUTCOME, SOURCE
)
""",
    ),
    (
        "code",
        """
tornado_chart(sensitivity, OUTCOME, SOURCE)
""",
    ),
    (
        "code",
        """
workdir.cleanup()
""",
    ),
]

CALIBRATION = [
    (
        "md",
        """
# Reading the calibration: the figures, the posterior, and a predictive check

The model is calibrated (ABC-SMC) on `scenarios/history.yaml` against the figures of the source
articles dated up to 29 February 2020. This notebook reads the three pieces:

1. `calibration/figures.yaml`: every figure, its source, verbatim quote and reliability, and
   whether it is fitted (`fit`), only checked (`check`) or background (`context`);
2. the posterior (`calibration/posterior.parquet`, the same file shipped in the package) beside
   the priors of `calibration/priors.yaml`;
3. a small posterior-predictive check: a few replicates of the history scenario at a coarse
   scale, each with its own posterior draw, beside the figures.

The full fit, its misses included, is in `calibration/REPORT.md` (400 predictive runs).
""",
    ),
    ("code", ROOT_CELL),
    (
        "code",
        """
import time

import altair as alt
import numpy as np
import pandas as pd

from flashpoint import load_scenario, run_scenarios
from flashpoint.briefing.charts_compare import FIGURE_SHAPES, calibration_fit_chart
from flashpoint.calibration.priors import load_priors
from flashpoint.metrics import METRIC_BY_NAME
from flashpoint.runs.posterior import load_posterior
from flashpoint.sources.figures import figures_frame, load_figures

SCALE = 100  # the fitting scale of the calibration
REPLICATES = 8
WORKERS = 1  # see 01_quick_start: worker processes pay off for more runs
""",
    ),
    (
        "md",
        """
## The figures and their sources
""",
    ),
    (
        "code",
        """
figures = figures_frame(load_figures(ROOT / "calibration" / "figures.yaml"))
columns = ["id", "metric", "value", "kind", "low", "high", "date", "window_start", "use"]
print(f"{len(figures)} entries")
figures[[*columns, "outlet", "reliability"]]
""",
    ),
    (
        "code",
        """
figures.groupby(["use", "reliability"]).size().unstack(fill_value=0)
""",
    ),
    (
        "code",
        """
# The fitted figures with their verbatim quotes.
for f in figures[figures["use"] == "fit"].itertuples():
    print(f"{f.id} ({f.outlet}, {f.article_date:%d %b %Y}, {f.reliability}):")
    print(f"    {f.quote!r}")
""",
    ),
    (
        "md",
        """
## Priors and posterior

Each calibrated parameter's prior (uniform, or uniform in log10 for rates whose order of
magnitude is unknown) against the weighted posterior: 5%, 50% and 95% quantiles. `narrowing`
is the posterior's 90% width over the prior's, on the prior's sampling scale (1: the figures
said nothing about it).
""",
    ),
    (
        "code",
        """
priors = load_priors(ROOT / "calibration" / "priors.yaml")
posterior = load_posterior(ROOT / "calibration" / "posterior.parquet")
shipped = load_posterior()  # what runs use by default
print(f"{len(posterior)} samples, effective size {1 / np.sum(posterior.weights**2):.0f}")
print("same as the package's posterior:", posterior.sha256 == shipped.sha256)

QUANTILES = [0.05, 0.5, 0.95]
rows = []
for p in priors.parameters:
    post = posterior.quantile(p.name, QUANTILES)
    low, high = p.sampling_range
    scaled = [(p.to_sampling(v) - low) / (high - low) for v in post]
    rows.append(
        {
            "parameter": p.name,
            "prior": p.prior,
            **{f"prior_p{q * 100:02.0f}": p.quantile(q) for q in QUANTILES},
            **{f"post_p{q * 100:02.0f}": v for q, v in zip(QUANTILES, post, strict=True)},
            "narrowing": (scaled[2] - scaled[0]) / 0.9,
            "scaled_p05": scaled[0],
            "scaled_p50": scaled[1],
            "scaled_p95": scaled[2],
        }
    )
params = pd.DataFrame(rows)
params.drop(columns=["scaled_p05", "scaled_p50", "scaled_p95"]).round(4)
""",
    ),
    (
        "code",
        """
# Where each posterior sits in its prior range (0 = the prior's low end, 1 = its high end;
# log10 scale for log-uniform priors): dot = median, bar = 5-95%.
y = alt.Y("parameter:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
base = alt.Chart(params).encode(y=y)
bars = base.mark_rule(strokeWidth=3).encode(
    x=alt.X("scaled_p05:Q", title="Position in the prior range", scale=alt.Scale(domain=[0, 1])),
    x2="scaled_p95:Q",
)
dots = base.mark_point(filled=True, size=70, color="black").encode(x="scaled_p50:Q")
alt.layer(bars, dots).properties(
    title="Posterior 5-95% within each prior range", width=420, height=24 * len(params)
)
""",
    ),
    (
        "md",
        """
## A posterior-predictive check

Replicate *r* of the history scenario runs with the posterior draw of (seed, *r*). A figure
with a window is compared with the model's count over that window (its cumulative metric at the
end of `date` minus its value on the day before `window_start`); this reads the nominal window
only, without the date uncertainty and timing tolerances the fit allows (see
`docs/CALIBRATION.md`).
""",
    ),
    (
        "code",
        """
history = load_scenario(ROOT / "scenarios" / "history.yaml")
started = time.perf_counter()
runs = run_scenarios(
    [history], replicates=REPLICATES, scale=SCALE, posterior=posterior, workers=WORKERS
)
daily = pd.concat([r.daily for r in runs[history.name]], ignore_index=True)
print(f"{REPLICATES} replicates in {time.perf_counter() - started:.1f} s")
""",
    ),
    (
        "code",
        """
def model_values(figure):
    \"\"\"The figure's metric over its window, one value per replicate.\"\"\"
    series = daily.pivot(index="date", columns="replicate", values=figure.metric)
    value = series.loc[figure.date]
    start = figure.window_start
    if pd.notna(start) and start > series.index.min():
        value = value - series.loc[start - pd.Timedelta(days=1)]
    return value


numeric = figures[
    figures["use"].isin(["fit", "check"])
    & figures["metric"].isin(daily.columns)
    & figures["value"].notna()
]
rows = []
for f in numeric.itertuples():
    values = model_values(f)
    start = f.window_start if pd.notna(f.window_start) else history.start
    rows.append(
        {
            "figure_id": f.id,
            "metric": f.metric,
            "window": f"{pd.Timestamp(start):%Y-%m-%d} to {f.date:%Y-%m-%d}",
            "kind": f.kind,
            "value": f.value,
            "low": f.low,
            "high": f.high,
            **dict(zip(["p05", "p50", "p95"], values.quantile(QUANTILES), strict=True)),
            "use": f.use,
            "calibrated_metric": METRIC_BY_NAME[f.metric].calibrated,
        }
    )
fit = pd.DataFrame(rows)
fit.round(1)
""",
    ),
    (
        "code",
        """
calibration_fit_chart(
    fit, f"notebook check: {REPLICATES} replicates of history.yaml, scale {SCALE}"
)
""",
    ),
    (
        "md",
        """
One figure over time: displacement since December, the model's median and 90% band across the
replicates, and the UN's "over 875,000" by about 17 February (a lower bound) and "nearly one
million" by 28 February (an upper bound).
""",
    ),
    (
        "code",
        """
band = daily.groupby("date")["displaced_total"].quantile([0.05, 0.5, 0.95]).unstack().reset_index()
band.columns = ["date", "p05", "p50", "p95"]
marks = fit[fit["metric"] == "displaced_total"].assign(
    date=lambda t: pd.to_datetime(t["window"].str[-10:])
)
area = (
    alt.Chart(band)
    .mark_area(opacity=0.3)
    .encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("p05:Q", title="Displaced since 1 Dec 2019 (persons)"),
        y2="p95:Q",
    )
)
line = alt.Chart(band).mark_line().encode(x="date:T", y="p50:Q")
shape = alt.Shape(
    "kind:N",
    title="Figure kind",
    scale=alt.Scale(domain=list(FIGURE_SHAPES), range=list(FIGURE_SHAPES.values())),
)
figure = alt.Chart(marks).encode(x="date:T", tooltip=["figure_id", "kind", "value", "low", "high"])
points = figure.mark_point(filled=True, size=90, color="#d62728", opacity=1).encode(
    y="value:Q", shape=shape
)
about = figure.mark_rule(color="#d62728").encode(y="low:Q", y2="high:Q")  # a rounded figure
alt.layer(area, line, about, points).properties(
    title="Displaced since December: the model's 90% band and the source figures",
    width=560,
    height=300,
)
""",
    ),
    (
        "md",
        """
The report's line for the same figure, for comparison: its band comes from 400 runs (each with
its own posterior draw, at the same scale and over the same nominal window), so it is steadier
than the 8 replicates above; "runs matching" also allows the figure's date uncertainty.
""",
    ),
    (
        "code",
        """
report = (ROOT / "calibration" / "REPORT.md").read_text().splitlines()
print(next(line for line in report if line.startswith("| `displaced_over_875k`")))
""",
    ),
]

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_quick_start": QUICK_START,
    "02_compare_scenarios": COMPARE,
    "03_sweep_sensitivity": SWEEP,
    "04_calibration": CALIBRATION,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` (a key of :data:`NOTEBOOKS`), without outputs, with fixed cell ids.

    Args:
        name: Notebook name without ``.ipynb``.

    Returns:
        The validated notebook.
    """
    cells = []
    for i, (kind, text) in enumerate(NOTEBOOKS[name]):
        source = text.strip("\n")
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"
        cells.append(cell)
    nb = new_notebook(cells=cells, metadata=METADATA)
    nbformat.validate(nb)
    return nb


def render(name: str) -> str:
    """The ``.ipynb`` text of notebook ``name``, as written to disk."""
    text = nbformat.writes(build(name))
    return text if text.endswith("\n") else text + "\n"


def write_all(out_dir: Path = HERE) -> list[Path]:
    """Write every notebook into ``out_dir`` and return the paths."""
    paths = []
    for name in NOTEBOOKS:
        path = Path(out_dir) / f"{name}.ipynb"
        path.write_text(render(name), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    """Write the notebooks (into the folder given as the only argument, default this one)."""
    out_dir = Path(argv[0]) if argv else HERE
    for path in write_all(out_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

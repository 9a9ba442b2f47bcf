"""The calibration set-up: the shipped priors load, stay in the registry's ranges, and bad files
are refused with a message naming the entry."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from flashpoint.calibration.priors import MAX_PARAMETERS, PriorsError, load_priors
from flashpoint.parameters import registry

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "calibration" / "priors.yaml"


def test_shipped_priors_load_and_stay_inside_the_registry_ranges():
    priors = load_priors(SHIPPED)
    reg = registry()
    assert 1 <= len(priors.parameters) <= MAX_PARAMETERS
    for p in priors.parameters:
        par = reg[p.name]
        assert par.minimum <= p.low < p.high <= par.maximum, p.name
        assert len(p.reason) > 40, f"{p.name}: say why it is calibrated"
        if p.prior == "log_uniform":
            assert p.low > 0
    assert len(set(priors.names)) == len(priors.names)
    assert len(priors.sha256) == 64


def test_sampling_scale_round_trips_and_quantiles_span_the_range():
    priors = load_priors(SHIPPED)
    rng = np.random.default_rng(0)
    for p in priors.parameters:
        draws = p.sample(rng, 500)
        assert draws.min() >= p.low and draws.max() <= p.high
        for v in draws[:20]:
            assert math.isclose(p.from_sampling(p.to_sampling(v)), v, rel_tol=1e-12)
        assert math.isclose(p.quantile(0.0), p.low) and math.isclose(p.quantile(1.0), p.high)
        assert p.low < p.quantile(0.5) < p.high
        assert "." not in p.key


def test_log_uniform_prior_is_flat_in_log10():
    priors = load_priors(SHIPPED)
    p = next(q for q in priors.parameters if q.prior == "log_uniform")
    assert math.isclose(p.quantile(0.5), math.sqrt(p.low * p.high), rel_tol=1e-9)


def test_from_sampling_clips_into_the_prior_range():
    p = load_priors(SHIPPED).parameters[0]
    a, b = p.sampling_range
    assert p.from_sampling(b + 1.0) == p.high
    assert p.from_sampling(a - 1.0) == p.low


def test_distance_settings_are_read():
    d = load_priors(SHIPPED).distance
    assert d.max_discrepancy > 0
    assert d.tolerance("turkish_military_deaths", 33) == pytest.approx(0.25 * 33)
    assert d.tolerance("displaced_total", 875_000) == pytest.approx(43_750)  # 5%
    assert d.tolerance("civilian_deaths", 299) == pytest.approx(29.9)  # default 10%
    assert any("displaced_a_million" in g for g in d.shared_count_groups)
    assert any(f.id == "tr_incidents_5plus_feb" for f in d.derived_figures)


def write(tmp_path: Path, parameters: list, distance: dict | None = None) -> Path:
    path = tmp_path / "priors.yaml"
    data: dict = {"parameters": parameters}
    if distance is not None:
        data["distance"] = distance
    path.write_text(yaml.safe_dump(data))
    return path


GOOD = {
    "name": "military.civilian_deaths_per_strike",
    "prior": "log_uniform",
    "low": 0.1,
    "high": 2.0,
    "reason": "fitted to the UN count",
}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({**GOOD, "name": "military.civilian_deaths_per_strik"}, "did you mean"),
        ({**GOOD, "high": 50.0}, "inside the registry's"),
        ({**GOOD, "low": 3.0}, "increasing"),
        ({**GOOD, "prior": "normal"}, "uniform or log_uniform"),
        ({**GOOD, "prior": "log_uniform", "low": 0.0}, "low > 0"),
        ({**GOOD, "reason": ""}, "reason"),
        ({**GOOD, "mean": 1.0}, "unknown field"),
        ({**GOOD, "low": "a lot"}, "numbers"),
    ],
)
def test_bad_entries_are_refused_with_the_entry_named(tmp_path, entry, message):
    with pytest.raises(PriorsError, match=message) as info:
        load_priors(write(tmp_path, [entry]))
    assert "parameters[0]" in str(info.value)


def test_more_than_eight_parameters_or_duplicates_are_refused(tmp_path):
    names = [n for n, p in registry().items() if p.kind == "float" and p.maximum > 0.5][:9]
    many = [{**GOOD, "name": n, "prior": "uniform", "low": 0.0, "high": 0.5} for n in names]
    with pytest.raises(PriorsError, match="1 to 8"):
        load_priors(write(tmp_path, many))
    with pytest.raises(PriorsError, match="listed twice"):
        load_priors(write(tmp_path, [GOOD, GOOD]))


def test_missing_file_and_bad_distance_block(tmp_path):
    with pytest.raises(PriorsError, match="not found"):
        load_priors(tmp_path / "nope.yaml")
    with pytest.raises(PriorsError, match="max_discrepancy"):
        load_priors(write(tmp_path, [GOOD], {"max_discrepancy": 0}))
    with pytest.raises(PriorsError, match="unknown field"):
        load_priors(write(tmp_path, [GOOD], {"tolerance": 1}))


def test_every_calibrated_parameter_says_so_in_the_registry():
    for name in load_priors(SHIPPED).names:
        assert registry()[name].source.startswith("calibrated"), name

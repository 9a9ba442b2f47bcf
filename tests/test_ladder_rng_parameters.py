"""The ladder, the random streams and the parameter registry."""

import pickle

import numpy as np
import pytest

from flashpoint.crisis.ladder import load_ladder
from flashpoint.parameters import ParameterError, registry, resolve
from flashpoint.rng import Streams


def test_ladder_weights_follow_the_published_scale():
    ladder = load_ladder()
    assert list(ladder.weights) == [-2, 0, 4, 12, 28, 44, 60]
    assert ladder.rung_ids[ladder.clash_rung] == "limited_strikes"
    assert [d.id for d in ladder.dyads] == [
        "turkey_russia",
        "turkey_syria",
        "russia_nato",
        "turkey_eu",
        "turkey_nato",
    ]
    assert ladder.score(np.array([0, 0, 0, 0, 0])) == -10


def test_streams_are_reproducible_and_independent():
    a, b = Streams(7, 0), Streams(7, 0)
    assert a.day("military", 3).random() == b.day("military", 3).random()
    assert a.day("military", 3).random() != a.day("military", 4).random()
    assert a.day("military", 3).random() != a.day("actors", 3).random()
    assert a.day("military", 3).random() != Streams(7, 1).day("military", 3).random()
    c = pickle.loads(pickle.dumps(a))
    assert c.day("borders", 9).random() == a.day("borders", 9).random()


def test_every_parameter_is_documented():
    for p in registry().values():
        assert p.unit and p.source and p.description, p.name
        assert p.minimum <= p.maximum


def test_resolve_rejects_unknown_names_and_out_of_range_values():
    name = "military.strike_rate_per_day"
    assert resolve({name: 5})[name] == 5.0
    with pytest.raises(ParameterError, match=r"did you mean military\.strike_rate_per_day"):
        resolve({"military.strike_rat_per_day": 5})
    with pytest.raises(ParameterError, match=r"from 0\.0 to 500\.0"):
        resolve({name: -1})
    with pytest.raises(ParameterError, match="true or false"):
        resolve({"military.model_turkish_incidents": 1})

"""Shared fixtures. Engines are built once per session: durable rulesets leak memory when recreated
(DURABLE.md 5.7), so tests never build one per test."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset.loader import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 12, 1)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset([bundled_rules_path()])


@pytest.fixture(scope="session")
def durable_engine() -> Engine:
    engine = Engine.load(backend="durable")
    assert engine.backend == "durable", engine.backend_note and engine.backend_note.en
    return engine


@pytest.fixture(scope="session")
def reference_engine() -> Engine:
    return Engine.load(backend="reference")


BASE_INCIDENT: dict[str, Any] = {
    "incident_id": "T-1",
    "election": {"key": "pilkada-2024", "contest": "bupati"},
    "respondent": {"role": "pns", "position_kind": "administrator", "government_level": "kabupaten_kota"},
    "event": {"date_of_act": "2024-10-10", "date_known": "2024-10-12"},
    "acts": [{"type": "social_media.like"}],
    "assessment_date": "2024-11-01",
}


def incident(**changes: Any) -> dict[str, Any]:
    """A valid incident with top-level fields replaced (acts, respondent, event...)."""
    data = copy.deepcopy(BASE_INCIDENT)
    data.update(copy.deepcopy(changes))
    return data

"""Key dates come from the run's own scenario, with the historical dates as the fallback."""

import pandas as pd
import pytest

from analysis import scenario_dates as kd

SHORT_DEADLINE = """\
name: short deadline
measures:
  - name: UNSCR 2397 (12 months)
    type: repatriation_deadline
    adopted: 2017-12-22
    deadline_months: 12
    hosts: [Russia]
events:
  - {name: closure, type: border_closure, date: 2020-01}
  - name: crackdown
    type: crackdown
    date: 2018-03
"""


class FakeRun:
    """Just what key_dates reads: attrs and a time axis."""

    def __init__(self, scenario_yaml=None, start="2016-01", end="2025-12"):
        self.attrs = {} if scenario_yaml is None else {"scenario_yaml": scenario_yaml}
        self._time = pd.date_range(start + "-01", end + "-01", freq="MS")

    def __getitem__(self, name):
        assert name == "time"
        return pd.Series(self._time)


def test_scenario_dates_replace_the_historical_ones():
    dates = kd.key_dates(FakeRun(SHORT_DEADLINE))
    assert [(d.label, d.date, d.kind) for d in dates] == [
        ("2397", pd.Timestamp("2017-12-22"), "measure"),
        ("2397 deadline", pd.Timestamp("2018-12-22"), "deadline"),
        ("border closed", pd.Timestamp("2020-01-01"), "event"),
    ]
    assert kd.deadline_date(FakeRun(SHORT_DEADLINE)) == pd.Timestamp("2018-12-22")


def test_without_a_scenario_the_historical_dates_are_used():
    dates = kd.key_dates(FakeRun(None))
    assert [d.label for d in dates] == ["2371", "2375", "2397", "2397 deadline", "border closed", "border reopened"]
    assert kd.deadline_date(FakeRun(None)) == pd.Timestamp("2019-12-22")


def test_dates_outside_the_run_are_not_marked():
    dates = kd.key_dates(FakeRun(None, start="2018-01", end="2021-12"))
    assert [d.label for d in dates] == ["2397 deadline", "border closed"]


def test_unreadable_scenario_falls_back_to_history():
    assert len(kd.key_dates(FakeRun("measures: [unclosed"))) == len(kd.HISTORICAL_DATES)


@pytest.mark.parametrize("scenario", [SHORT_DEADLINE.replace("  - {name: closure, type: border_closure, date: 2020-01}\n", "")])
def test_pattern_reader_agrees_with_pyyaml_on_block_style(scenario):
    by_pattern = kd._from_scenario_by_pattern(scenario)
    by_yaml = kd._from_scenario(scenario)
    assert by_pattern == by_yaml
    assert [d.label for d in by_pattern] == ["2397", "2397 deadline"]

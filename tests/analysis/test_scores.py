"""Scores on small constructed cases whose ARD and MASE are worked out by hand."""

import math

import pandas as pd
import pytest

from analysis.scores import Anchor, ard, mase, month_index, naive_forecasts, relative_error, score_table


def _figures(rows):
    return pd.DataFrame(rows, columns=["id", "host", "quantity", "date", "observed", "simulated"])


def test_month_index_reads_month_day_and_year_dates():
    assert month_index("2017-12-31") == month_index("2017-12") == 12 * 2017 + 12
    assert month_index("2017") == 12 * 2017 + 6       # a yearly figure sits mid-year
    assert month_index("2018-01") - month_index("2017-12") == 1
    for bad in ("2017-13", "17-12", "December 2017", ""):
        with pytest.raises(ValueError, match="expected YYYY"):
            month_index(bad)


def test_relative_error_and_ard_by_hand():
    assert relative_error([110, 170], [100, 200]).tolist() == pytest.approx([0.1, -0.15])
    # |110 - 100| + |170 - 200| = 40 over 100 + 200 = 300
    assert ard([110, 170], [100, 200]) == pytest.approx(40 / 300)
    assert ard([100], [100]) == 0


def test_naive_forecasts_of_an_anchored_series():
    # Anchor 1000 at end-2015; observed 500 at end-2016 and 300 at end-2017 (given out of order).
    figures = _figures([("B", "X", "stock", "2017-12", 300, 280), ("A", "X", "stock", "2016-12-31", 500, 480)])
    anchor = Anchor("X", "stock", "2015-12", 1000, "constructed")
    table = naive_forecasts(figures, [anchor]).set_index("id")
    # carried forward: A by the anchor, B by A
    assert table.loc["A", "carried_forward"] == 1000
    assert table.loc["B", "carried_forward"] == 500
    # hazard fitted to 1000 -> 500 in 12 months halves every year: B = 1000 * 0.5^2
    assert math.isnan(table.loc["A", "constant_hazard"])
    assert table.loc["B", "constant_hazard"] == pytest.approx(250)


def test_without_an_anchor_the_first_figure_has_no_forecast():
    figures = _figures([("A", "X", "stock", "2016-12", 500, 480), ("B", "X", "stock", "2017-12", 300, 280),
                        ("C", "Y", "stock", "2017", 90, 95)])
    table = naive_forecasts(figures).set_index("id")
    assert math.isnan(table.loc["A", "carried_forward"]) and table.loc["B", "carried_forward"] == 500
    assert table["constant_hazard"].isna().all()      # no series has three points
    assert math.isnan(table.loc["C", "carried_forward"])


def test_mase_by_hand():
    # model errors 20 and 20; carried-forward errors 500 and 200: 40 / 700
    assert mase([480, 280], [500, 300], [1000, 500]) == pytest.approx(40 / 700)
    # only the second figure has a hazard forecast: 20 / |250 - 300|
    assert mase([480, 280], [500, 300], [math.nan, 250]) == pytest.approx(0.4)
    assert math.isnan(mase([480], [500], [math.nan]))  # nothing to compare
    assert math.isnan(mase([480], [500], [500]))       # an exact baseline cannot be beaten
    assert mase([600, 400], [500, 300], [550, 350]) == pytest.approx(2.0)  # worse than naive


def test_score_table_puts_it_together():
    figures = _figures([("A", "X", "stock", "2016-12", 500, 480), ("B", "X", "stock", "2017-12", 300, 280),
                        ("G", "World", "revenue", "2017", 100, 130)])
    scores = score_table(figures, [Anchor("X", "stock", "2015-12", 1000, "constructed")])
    assert scores["ard"] == pytest.approx({"stock": 40 / 800, "revenue": 0.3})
    assert scores["ard_carried_forward"] == pytest.approx({"stock": 700 / 800})
    assert scores["ard_constant_hazard"] == pytest.approx({"stock": 50 / 300})
    # G (revenue) has no forecast, so only the stock is scored; units are never pooled
    assert scores["mase"]["carried_forward"] == pytest.approx({"stock": 40 / 700})
    assert scores["mase"]["constant_hazard"] == pytest.approx({"stock": 20 / 50})
    per_figure = scores["per_figure"].set_index("id")
    assert per_figure.loc["G", "relative_error"] == pytest.approx(0.3)
    assert per_figure.loc["B", "constant_hazard_relative_error"] == pytest.approx(-50 / 300)

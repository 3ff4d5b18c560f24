"""The dates marked on time plots: sanction measures, the 2397 deadline, border closure and
reopening. They are read from the run's own scenario (the `scenario_yaml` root attribute), so a
"what if" run with a 12-month deadline marks its own deadline. A sweep file does not carry its
resolved base scenario, only the base's path (`base_scenario`): its dates come from that file
when it can still be read and stands alone (no `extends`). Only when neither works are the
historical dates used; `key_dates_source` says which it was, for captions.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class KeyDate:
    label: str        # short text for the plot, e.g. "2397 deadline"
    date: pd.Timestamp
    kind: str         # "measure", "deadline" or "event": decides the line style


# MODEL.md sections 1, 4 and 5 (UN press releases; DPRK border: Reuters, NK News).
HISTORICAL_DATES = (
    KeyDate("2371", pd.Timestamp("2017-08-05"), "measure"),
    KeyDate("2375", pd.Timestamp("2017-09-11"), "measure"),
    KeyDate("2397", pd.Timestamp("2017-12-22"), "measure"),
    KeyDate("2397 deadline", pd.Timestamp("2019-12-22"), "deadline"),
    KeyDate("border closed", pd.Timestamp("2020-01-22"), "event"),
    KeyDate("border reopened", pd.Timestamp("2023-08-27"), "event"),
)

_MEASURE_LABELS = {"authorization_cap": "cap", "new_authorization_ban": "ban", "repatriation_deadline": "deadline"}
_EVENT_LABELS = {"border_closure": "border closed", "border_reopening": "border reopened"}


def key_dates(dataset):
    """Key dates of this run (or sweep), sorted, within its months."""
    dates = _scenario_dates(dataset)
    first = pd.Timestamp(dataset["time"].values[0])
    last = pd.Timestamp(dataset["time"].values[-1]) + pd.offsets.MonthEnd(1)
    inside = [d for d in dates if first <= d.date <= last]
    return sorted(inside, key=lambda d: d.date)


def deadline_date(dataset):
    """The repatriation deadline of this run's scenario (historical 22 Dec 2019 if the file has
    no readable scenario), whether or not it falls inside the run; None if the scenario has no
    repatriation deadline."""
    dates = _scenario_dates(dataset)
    deadlines = [d.date for d in dates if d.kind == "deadline"]
    return min(deadlines) if deadlines else None


def key_dates_source(dataset):
    """Where the dates come from, in a few words for a caption."""
    if dataset.attrs.get("scenario_yaml") and _from_scenario(dataset.attrs["scenario_yaml"]) is not None:
        return "the run's scenario"
    base = _standalone_base_scenario(dataset)
    if base is not None and _from_scenario(base[1]) is not None:
        return f"the base scenario {base[0]}"
    return "the historical dates (the file carries no readable scenario)"


def _scenario_dates(dataset):
    text = dataset.attrs.get("scenario_yaml")
    dates = _from_scenario(text) if text else None
    if dates is None:
        base = _standalone_base_scenario(dataset)
        dates = _from_scenario(base[1]) if base is not None else None
    return dates if dates is not None else list(HISTORICAL_DATES)


def _standalone_base_scenario(dataset):
    """(path, text) of a sweep's base scenario if the file is there and extends no other."""
    path = dataset.attrs.get("base_scenario")
    if not path:
        return None
    try:
        text = Path(str(path)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if re.search(r"^extends\s*:", text, re.MULTILINE):
        return None
    return str(path), text


def _from_scenario(text):
    """Key dates from the scenario YAML, or None when it cannot be read (the caller then falls
    back to the historical dates). PyYAML is optional: without it a small pattern finds the
    measure and event entries."""
    try:
        import yaml
    except ImportError:
        return _from_scenario_by_pattern(text)
    try:
        scenario = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(scenario, dict):
        return None
    dates = []
    for measure in scenario.get("measures") or []:
        if isinstance(measure, dict):
            dates.extend(_measure_dates(measure))
    for event in scenario.get("events") or []:
        if isinstance(event, dict):
            dates.extend(_event_dates(event))
    return dates


def _measure_dates(measure):
    adopted = _parse_date(measure.get("adopted"))
    kind = str(measure.get("type", ""))
    if adopted is None or kind not in _MEASURE_LABELS:
        return []
    label = _short_name(measure.get("name"), _MEASURE_LABELS[kind])
    dates = [KeyDate(label, adopted, "measure")]
    if kind == "repatriation_deadline":
        months = int(measure.get("deadline_months", 24))
        dates.append(KeyDate(f"{label} deadline", adopted + pd.DateOffset(months=months), "deadline"))
    return dates


def _event_dates(event):
    kind = str(event.get("type", ""))
    date = _parse_date(event.get("date"))
    if date is None or kind not in _EVENT_LABELS:
        return []
    return [KeyDate(_EVENT_LABELS[kind], date, "event")]


def _short_name(name, fallback):
    """A measure's label: the resolution number if its name has one ("UNSCR 2371" -> "2371")."""
    if not name:
        return fallback
    number = re.search(r"\b(\d{4})\b", str(name))
    return number.group(1) if number else str(name)


def _parse_date(value):
    """YYYY-MM or YYYY-MM-DD (PyYAML may already have made a date of the latter)."""
    if value is None:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        return pd.Timestamp(text)
    except ValueError:
        return None


_ENTRY = re.compile(r"^\s*-\s", re.MULTILINE)


def _from_scenario_by_pattern(text):
    """Fallback without PyYAML: reads `type:` with `adopted:`/`date:` and `name:` inside each
    list entry of the measures and events sections. Block-style YAML only; None if nothing
    recognisable is found."""
    dates = []
    for section, reader in (("measures", _measure_dates), ("events", _event_dates)):
        body = re.search(rf"^{section}:\s*\n((?:[ \t-].*\n?|\s*\n)*)", text, re.MULTILINE)
        if not body:
            continue
        for entry in _ENTRY.split(body.group(1))[1:]:
            fields = dict(re.findall(r"(\w+):\s*[\"']?([^\"'#\n]*?)[\"']?\s*(?:#.*)?$", "- " + entry, re.MULTILINE))
            dates.extend(reader(fields))
    return dates or None

"""A small self-contained HTML page for one run: key numbers, the calibration table and the
figures (written beside it and referenced by relative path, so the folder can be moved or
zipped as a whole). No scripts, no external styles."""

from pathlib import Path

from analysis.figures import write_all_figures
from analysis.html_page import count as _count, escape as _e, figure as _figure, page as _html_page
from analysis.observed import compare_observed
from analysis.summary import key_numbers

_TITLES = {
    "headcount": "Workers abroad by host and status",
    "true_vs_reported": "Truth against host reports",
    "revenue": "State revenue",
    "routes": "Routes home",
    "enforcement": "Enforcement",
    "observed": "Simulated against observed figures",
}


def write_report(dataset, directory, observed_csv=None):
    """Writes the figures and DIR/report.html; returns the report's path."""
    directory = Path(directory)
    figures = write_all_figures(dataset, directory, observed_csv)
    numbers = key_numbers(dataset)
    comparison = compare_observed(dataset, observed_csv)
    page = directory / "report.html"
    page.write_text(_page(dataset, numbers, comparison, figures), encoding="utf-8")
    return page


def _page(dataset, numbers, comparison, figures):
    attrs = dataset.attrs
    source = dataset.encoding.get("source", "?")
    title = f"repatsim run: {attrs.get('scenario_name', Path(source).stem)}"
    meta = (f'Run file {_e(source)}; seed {_e(attrs.get("seed", "?"))}; '
            f'{_e(attrs.get("start", numbers.start_month))} to {_e(attrs.get("end", numbers.end_month))}; '
            f'repatsim {_e(attrs.get("repatsim_version", "?"))} ({_e(attrs.get("git_commit", "?"))}); '
            f'written {_e(attrs.get("created", "?"))}.')
    parts = [
        "<h2>Key numbers</h2>", _numbers_table(numbers),
        "<h2>State revenue per calendar year</h2>", _revenue_table(numbers),
        "<h2>Calibration figures</h2>", _comparison_table(comparison),
    ]
    parts += [_figure(_TITLES.get(stem, stem), png, svg) for stem, (png, svg) in figures.items()]
    return _html_page(title, meta, parts)


def _numbers_table(numbers):
    deadline_label = f"Workers abroad at the deadline ({numbers.deadline})" if numbers.deadline \
        else "Workers abroad at the deadline"
    rows = [
        (f"Workers abroad at the start (end of {numbers.start_month})", _count(numbers.abroad_at_start)),
        (deadline_label, _count(numbers.abroad_at_deadline) if numbers.abroad_at_deadline is not None
         else "outside the run" if numbers.deadline else "no deadline in this scenario"),
        (f"Workers abroad at the end (end of {numbers.end_month})", _count(numbers.abroad_at_end)),
        ("Repatriations over the run (deportations included)", _count(numbers.repatriations)),
        (f"Peak stranded ({numbers.peak_stranded_month})", _count(numbers.peak_stranded)),
    ]
    body = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"<table><tr><th>quantity</th><th>workers</th></tr>{body}</table>"


def _revenue_table(numbers):
    if not numbers.revenue_per_year_usd:
        return "<p>The run covers no full calendar year.</p>"
    body = "".join(f"<tr><td>{year}</td><td>{usd / 1e6:,.1f}</td></tr>"
                   for year, usd in numbers.revenue_per_year_usd.items())
    return f"<table><tr><th>year</th><th>USD million reaching the DPRK</th></tr>{body}</table>"


def _comparison_table(comparison):
    head = "<tr><th>id</th><th>host</th><th>date</th><th>quantity</th><th>observed</th><th>low</th>" \
           "<th>high</th><th>simulated</th><th>in range</th></tr>"
    rows = []
    for r in comparison.itertuples():
        simulated = r.note if r.note else _count(r.simulated)
        verdict = "yes" if r.within else '<span class="miss">no</span>'
        rows.append(f"<tr><td>{_e(r.id)}</td><td>{_e(r.host)}</td><td>{_e(r.date)}</td><td>{_e(r.quantity)}</td>"
                    f"<td>{_count(r.observed)}</td><td>{_count(r.low)}</td><td>{_count(r.high)}</td>"
                    f"<td>{_e(simulated)}</td><td>{verdict}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"

"""What hosts report to the 1718 Committee against the truth."""

import numpy as np
import pandas as pd

from analysis.figures.common import (
    add_caption, hosts_by_size, new_figure, legend_and_panels, shared_legend, style_worker_panel,
)
from analysis.quantities import workers_abroad
from analysis.run_file import require


def plot_true_vs_reported(dataset):
    """Per host, workers abroad in truth (solid) and as the host would report them (dashed),
    with the midterm and final reports filed under 2397 as markers (filled: reported figure,
    open: the truth at that date)."""
    require(dataset, "stock_true", "stock_reported")
    true = workers_abroad(dataset, "stock_true")
    reported = workers_abroad(dataset, "stock_reported")
    hosts = hosts_by_size(dataset, true)
    reports = _reports(dataset)

    figure = new_figure(12, 2.6 * ((len(hosts) + 2) // 3) + 1.2)
    band, axes = legend_and_panels(figure, len(hosts), columns=3)
    times = dataset["time"].values
    for index, (ax, host) in enumerate(zip(axes, hosts)):
        ax.plot(times, true.sel(host=host).values, color="#1f3b73", label="true stock")
        ax.plot(times, reported.sel(host=host).values, color="#d95f02", linestyle="--",
                label="as reported by the host")
        filed = reports[reports["host"] == host]
        if len(filed):
            ax.scatter(filed["time"], filed["reported_stock"], marker="o", color="#d95f02", zorder=3,
                       label="report to the Committee")
            ax.scatter(filed["time"], filed["true_stock"], marker="o", facecolors="none",
                       edgecolors="#1f3b73", zorder=3, label="truth at report")
        style_worker_panel(ax, dataset, host, "workers abroad", times, first=index == 0)
    handles, labels = _legend_entries(axes)
    shared_legend(band, handles, labels)
    figure.suptitle("Workers abroad: truth against host reports", fontsize=12)
    add_caption(figure, dataset, ["Reported stock: what each host's reporting honesty lets appear in "
                                  "its reports (visa-disguised and irregular workers are mostly unseen)."])
    return figure


def _reports(dataset):
    columns = ["host", "time", "reported_stock", "true_stock"]
    if dataset.sizes.get("report", 0) == 0 or "report_host" not in dataset.variables:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame({
        "host": [str(h) for h in dataset["report_host"].values],
        "time": pd.to_datetime([str(m) + "-01" for m in dataset["report_month"].values]),
        "reported_stock": np.asarray(dataset["reported_stock"].values, dtype=float),
        "true_stock": np.asarray(dataset["true_stock"].values, dtype=float),
    })


def _legend_entries(axes):
    seen = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(label, handle)
    return list(seen.values()), list(seen.keys())

"""Workers abroad by host and status over time: the run's main figure."""

from analysis.figures.common import (
    add_caption, hosts_by_size, new_figure, legend_and_panels, shared_legend, style_worker_panel,
)
from analysis.quantities import abroad_statuses, workers_abroad
from analysis.run_file import require
from analysis.vocabulary import STATUS_COLOURS

ALL_HOSTS = "All hosts"


def plot_headcount(dataset):
    """Small multiples, the total first and then each host by its peak: the end-of-month stock
    stacked by status (repatriated workers are home and not shown), with the measure dates,
    the 2397 deadline and the border closure and reopening marked."""
    require(dataset, "stock_true")
    statuses = abroad_statuses(dataset)
    stock = dataset["stock_true"].sel(status=statuses)
    hosts = hosts_by_size(dataset, workers_abroad(dataset))
    panels = [(ALL_HOSTS, stock.sum("host"))] + [(h, stock.sel(host=h)) for h in hosts]

    figure = new_figure(12, 2.6 * ((len(panels) + 2) // 3) + 1.2)
    band, axes = legend_and_panels(figure, len(panels), columns=3)
    times = dataset["time"].values
    for index, (ax, (title, values)) in enumerate(zip(axes, panels)):
        ax.stackplot(times, [values.sel(status=s).values for s in statuses],
                     labels=statuses, colors=[STATUS_COLOURS.get(s) for s in statuses], linewidth=0)
        style_worker_panel(ax, dataset, title, "workers", times, first=index == 0)
    handles, labels = axes[0].get_legend_handles_labels()
    shared_legend(band, handles, [l.replace("_", " ") for l in labels], title="status (end of month)")
    figure.suptitle("DPRK workers abroad by host and status", fontsize=12)
    add_caption(figure, dataset, ["Dotted: sanction measures; dashed red: repatriation deadline; "
                                  "dash-dot green: DPRK border closed / reopened. x axis: month."])
    return figure

"""Workers abroad by host and status over time: the run's main figure."""

from analysis.figures.common import (
    add_caption, format_time_axis, hosts_by_size, mark_key_dates, new_figure, 
    legend_and_panels, shared_legend, thousands_axis,
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
        mark_key_dates(ax, dataset, label=index == 0)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("workers")
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(bottom=0)
        thousands_axis(ax)
        format_time_axis(ax)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_tick_params(labelbottom=True)
    handles, labels = axes[0].get_legend_handles_labels()
    shared_legend(band, handles, [l.replace("_", " ") for l in labels], title="status (end of month)")
    figure.suptitle("DPRK workers abroad by host and status", fontsize=12)
    add_caption(figure, dataset, ["Dotted: sanction measures; dashed red: repatriation deadline; "
                                  "dash-dot green: DPRK border closed / reopened. x axis: month."])
    return figure

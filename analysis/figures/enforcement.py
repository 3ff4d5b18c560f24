"""Inspections, detections, deportations and fines by host."""

from analysis.figures.common import (
    add_caption, format_time_axis, host_colours, hosts_by_size, mark_key_dates, new_figure,
    legend_and_panels, shared_legend,
)
from analysis.run_file import require


def plot_enforcement(dataset):
    """Four panels, one line per host that had any enforcement: employers inspected, workers
    detected, workers deported (per month) and employer fines (USD thousand per month)."""
    require(dataset, "inspections", "flows", "fines_usd")
    series = [
        ("Employers inspected", "employers per month", dataset["inspections"]),
        ("Workers detected", "workers per month", dataset["flows"].sel(flow="detections")),
        ("Workers deported", "workers per month", dataset["flows"].sel(flow="deportations")),
        ("Employer fines", "USD thousand per month", dataset["fines_usd"] / 1e3),
    ]
    active = (dataset["inspections"].sum("month") + dataset["flows"].sel(flow="detections").sum("month")) > 0
    hosts = [h for h in hosts_by_size(dataset, dataset["inspections"]) if bool(active.sel(host=h))]
    colours = host_colours(dataset)
    times = dataset["time"].values

    figure = new_figure(12, 8)
    band, axes = legend_and_panels(figure, len(series), columns=2)
    for index, (ax, (title, unit, values)) in enumerate(zip(axes, series)):
        for host in hosts:
            ax.plot(times, values.sel(host=host).values, color=colours[host], label=host, linewidth=1)
        mark_key_dates(ax, dataset, label=index == 0)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit)
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(bottom=0)
        format_time_axis(ax)
        ax.xaxis.set_tick_params(labelbottom=True)
    if hosts:
        handles, labels = axes[0].get_legend_handles_labels()
        shared_legend(band, handles, labels, title="host", columns=min(len(hosts), 8))
    figure.suptitle("Enforcement by host", fontsize=12)
    add_caption(figure, dataset, ["Hosts without any inspection or detection in the run are omitted."])
    return figure

"""Seats on the routes home and the repatriations they carried."""

import numpy as np

from analysis.figures.common import (
    add_caption, format_time_axis, host_colours, hosts_by_size, mark_key_dates, new_figure,
)
from analysis.run_file import require


def used_routes(dataset):
    """Route directions that offered or used any seat during the run, in file order."""
    offered = dataset["seats_offered"].sum("month").values
    used = dataset["seats_used"].sum("month").values
    return [str(r) for r, o, u in zip(dataset["route"].values, offered, used) if o > 0 or u > 0]


def plot_routes(dataset):
    """Three panels: seats used per route direction each month (offered seats dashed in the
    same colour); each route direction's share of offered seats used over the run; and
    repatriations per month by host."""
    require(dataset, "seats_offered", "seats_used", "flows")
    routes = used_routes(dataset)
    times = dataset["time"].values
    figure = new_figure(11, 10)
    seats_ax, share_ax, repat_ax = figure.subplots(3, 1)

    for index, route in enumerate(routes):
        colour = f"C{index % 10}"
        seats_ax.plot(times, dataset["seats_used"].sel(route=route).values, color=colour, label=route)
        seats_ax.plot(times, dataset["seats_offered"].sel(route=route).values, color=colour,
                      linestyle="--", linewidth=0.8)
    seats_ax.set_title("Seats used per route direction (dashed: offered)")
    seats_ax.set_ylabel("seats per month")
    if routes:
        seats_ax.legend(fontsize=7, ncol=2, loc="upper right", title="route:from>to")

    offered = dataset["seats_offered"].sel(route=routes).sum("month").values.astype(float)
    used = dataset["seats_used"].sel(route=routes).sum("month").values.astype(float)
    share = np.divide(used, offered, out=np.zeros_like(used), where=offered > 0)
    share_ax.barh(routes, share * 100, color=[f"C{i % 10}" for i in range(len(routes))])
    share_ax.set_xlim(0, 100)
    share_ax.set_xlabel("seats used, % of seats offered over the run")
    share_ax.set_title("Seat use by route direction")
    share_ax.tick_params(axis="y", labelsize=7)

    repatriations = dataset["flows"].sel(flow="repatriations")
    hosts = hosts_by_size(dataset, repatriations)
    colours = host_colours(dataset)
    repat_ax.stackplot(times, [repatriations.sel(host=h).values for h in hosts], labels=hosts,
                       colors=[colours[h] for h in hosts], linewidth=0)
    repat_ax.set_title("Repatriations by host")
    repat_ax.set_ylabel("workers per month")
    repat_ax.legend(fontsize=7, ncol=2, loc="upper right", title="host")

    for ax in (seats_ax, repat_ax):
        mark_key_dates(ax, dataset, label=ax is seats_ax)
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(bottom=0)
        format_time_axis(ax)
        ax.set_xlabel("month")
    figure.suptitle("Routes home: seats and repatriations", fontsize=12)
    add_caption(figure, dataset, ["Seats: the max-flow of open routes allocated each month; "
                                  "repatriations include deportations."])
    return figure

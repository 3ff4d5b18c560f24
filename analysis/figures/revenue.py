"""The state's revenue from its workers abroad, by host and by remittance channel."""

import numpy as np

from analysis.figures.common import (
    add_caption, format_time_axis, host_colours, hosts_by_size, mark_key_dates, new_figure,
)
from analysis.quantities import calendar_year_sum, state_revenue_total
from analysis.run_file import require

_MILLION = 1e6
_CHANNEL_COLOURS = {"formal": "#2c7fb8", "informal": "#f03b20"}


def plot_revenue(dataset):
    """Three panels: monthly revenue reaching the DPRK stacked by host; the same by channel
    with the informal cash still held abroad (it waits for an open route); and the totals per
    full calendar year by channel."""
    require(dataset, "state_revenue_usd")
    revenue = state_revenue_total(dataset)
    hosts = hosts_by_size(dataset, revenue)
    colours = host_colours(dataset)
    channels = [str(c) for c in dataset["channel"].values]
    times = dataset["time"].values

    figure = new_figure(11, 10)
    by_host, by_channel, per_year = figure.subplots(3, 1)

    by_host.stackplot(times, [revenue.sel(host=h).values / _MILLION for h in hosts], labels=hosts,
                      colors=[colours[h] for h in hosts], linewidth=0)
    by_host.set_title("Revenue reaching the DPRK, by host")
    by_host.set_ylabel("USD million per month")
    by_host.legend(fontsize=7, ncol=2, loc="upper right", title="host")

    for channel in channels:
        series = dataset["state_revenue_usd"].sel(channel=channel).sum("host")
        by_channel.plot(times, series.values / _MILLION, color=_CHANNEL_COLOURS.get(channel), label=channel)
    if "informal_held_usd" in dataset:
        held = dataset["informal_held_usd"].sum("host")
        by_channel.plot(times, held.values / _MILLION, color=_CHANNEL_COLOURS["informal"], linestyle=":",
                        label="informal cash held abroad (stock)")
    by_channel.set_title("By remittance channel")
    by_channel.set_ylabel("USD million per month\n(held: USD million)")
    by_channel.legend(fontsize=8, loc="upper right")

    for ax in (by_host, by_channel):
        mark_key_dates(ax, dataset, label=ax is by_host)
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(bottom=0)
        format_time_axis(ax)
        ax.set_xlabel("month")

    yearly = calendar_year_sum(dataset["state_revenue_usd"].sum("host"))
    years = yearly["year"].values
    bottom = np.zeros(len(years))
    for channel in channels:
        values = yearly.sel(channel=channel).values / _MILLION
        per_year.bar(years, values, bottom=bottom, color=_CHANNEL_COLOURS.get(channel), label=channel)
        bottom += values
    per_year.set_title("Per calendar year (full years of the run)")
    per_year.set_ylabel("USD million per year")
    per_year.set_xlabel("year")
    per_year.set_xticks(years)
    per_year.legend(fontsize=8, title="channel")

    figure.suptitle("DPRK state revenue from workers abroad", fontsize=12)
    add_caption(figure, dataset, ["Revenue: the state's share of wages once it reaches the DPRK; informal "
                                  "cash is carried by couriers and accumulates while no route is open."])
    return figure

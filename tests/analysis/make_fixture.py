#!/usr/bin/python3
"""Writes a small schema-conforming run file (output/SCHEMA.md, version 1) with h5py, so the
analysis tests always have a real file to open, engine or no engine.

The numbers come from a toy stock-flow model, not from the engine: each month a share of each
status moves on (permits expire into awaiting exit, some workers switch to visas or go
irregular, enforcement detains some, open routes carry the queue home, a closed border strands
it). Every move is counted in status_in / status_out, so stock[t] = stock[t-1] + in - out holds
exactly, and stock[0] = initial + in - out.

    /usr/bin/python3 tests/analysis/make_fixture.py OUT.h5
"""

import sys
from pathlib import Path

import h5py
import numpy as np

STATUSES = ["permitted", "visa_disguised", "irregular", "awaiting_exit", "stranded", "detained", "exempt",
            "repatriated"]
FLOWS = ["arrivals_work_permit", "arrivals_non_work_visa", "arrivals_front_company", "permit_expiries", "renewals",
         "committee_approvals", "switched_to_irregular", "switched_to_visa", "released_by_employer", "tour_ends",
         "departures_ordered", "exemptions_granted", "detections", "repatriations", "deportations",
         "became_stranded", "transfers_out", "transfers_in"]
CHANNELS = ["formal", "informal"]
SECTORS = ["construction", "logging", "fishing", "manufacturing", "hospitality", "medical", "it"]
HOSTS = {"Russia": 30000, "China": 50000, "Kuwait": 2000, "Mongolia": 1200}
# (route name, host end, seats per month toward the DPRK)
ROUTES = [("air_vvo", "Russia", 600), ("rail_dandong", "China", 1500), ("air_pek", "China", 900)]

SCENARIO_YAML = """\
name: fixture
seed: 7
start: 2016-01
end: 2025-12
measures:
  - name: UNSCR 2371
    type: authorization_cap
    adopted: 2017-08-05
  - name: UNSCR 2375
    type: new_authorization_ban
    adopted: 2017-09-11
  - name: UNSCR 2397
    type: repatriation_deadline
    adopted: 2017-12-22
    deadline_months: 24
events:
  - name: covid border closure
    type: border_closure
    date: 2020-01-22
  - name: border reopening
    type: border_reopening
    date: 2023-08-27
"""

S = {name: i for i, name in enumerate(STATUSES)}
F = {name: i for i, name in enumerate(FLOWS)}


def month_labels(start_year, start_month, count):
    first = (start_year - 1970) * 12 + start_month - 1
    ids = np.arange(first, first + count, dtype=np.int32)
    return ids, [f"{1970 + m // 12}-{m % 12 + 1:02d}" for m in ids]


def simulate(months, labels, seed):
    """Returns every monthly array of the schema, from the toy model."""
    rng = np.random.default_rng(seed)
    hosts = list(HOSTS)
    H, M, K = len(hosts), months, len(STATUSES)
    stock = np.zeros((H, K), dtype=np.int64)
    stock[:, S["permitted"]] = list(HOSTS.values())
    out = {name: np.zeros((M, H, K), dtype=np.int64) for name in ("stock_true", "stock_reported", "status_in",
                                                                   "status_out")}
    flows = np.zeros((M, H, len(FLOWS)), dtype=np.int64)
    route_labels, route_from, route_to, capacity = [], [], [], []
    for name, host, seats in ROUTES:
        for a, b in ((host, "DPRK"), ("DPRK", host)):
            route_labels.append(f"{name}:{a}>{b}")
            route_from.append(a)
            route_to.append(b)
            capacity.append(seats)
    seats_offered = np.zeros((M, len(route_labels)), dtype=np.int64)
    seats_used = np.zeros_like(seats_offered)

    for t, label in enumerate(labels):
        after_ban = label >= "2017-09"
        border_open = not ("2020-01" <= label < "2023-09")
        move = np.zeros((H, K, K), dtype=np.int64)  # move[h, from, to]

        def transition(h, src, dst, rate):
            count = rng.binomial(stock[h, S[src]] - move[h, S[src]].sum(), min(max(rate, 0.0), 1.0))
            move[h, S[src], S[dst]] += count
            return count

        arrivals = np.zeros((H, K), dtype=np.int64)
        for h, host in enumerate(hosts):
            if not after_ban:
                arrivals[h, S["permitted"]] = rng.poisson(HOSTS[host] / 36)
                flows[t, h, F["arrivals_work_permit"]] = arrivals[h, S["permitted"]]
            elif host in ("Russia", "China"):
                arrivals[h, S["visa_disguised"]] = rng.poisson(HOSTS[host] / 400)
                flows[t, h, F["arrivals_non_work_visa"]] = arrivals[h, S["visa_disguised"]]
            expiring = transition(h, "permitted", "awaiting_exit", 1 / 36 if not after_ban else 1 / 12)
            flows[t, h, F["permit_expiries"]] = expiring
            if after_ban:
                flows[t, h, F["switched_to_visa"]] = transition(h, "permitted", "visa_disguised", 0.02)
                flows[t, h, F["switched_to_irregular"]] = transition(h, "visa_disguised", "irregular", 0.01)
            flows[t, h, F["detections"]] = transition(h, "irregular", "detained", 0.03)
            flows[t, h, F["exemptions_granted"]] = transition(h, "awaiting_exit", "exempt", 0.002)
            if border_open:
                seats = sum(c for c, a in zip(capacity, route_from) if a == host)
                queue = stock[h, S["detained"]] + stock[h, S["awaiting_exit"]] + stock[h, S["stranded"]]
                share = min(1.0, seats / queue) if queue else 0.0
                deported = transition(h, "detained", "repatriated", share)
                left = deported + transition(h, "stranded", "repatriated", share)
                left += transition(h, "awaiting_exit", "repatriated", share)
                flows[t, h, F["repatriations"]] = left
                flows[t, h, F["deportations"]] = deported
                _use_seats(t, host, left, route_from, capacity, seats_offered, seats_used)
            else:
                flows[t, h, F["became_stranded"]] = transition(h, "awaiting_exit", "stranded", 1.0)
        status_in = move.sum(axis=1) + arrivals
        status_out = move.sum(axis=2)
        stock = stock + status_in - status_out
        out["status_in"][t], out["status_out"][t], out["stock_true"][t] = status_in, status_out, stock
        reported = stock.copy()
        reported[:, [S["visa_disguised"], S["irregular"]]] = 0
        out["stock_reported"][t] = reported
        for r, a in enumerate(route_from):
            if a == "DPRK" and border_open:
                seats_offered[t, r] = capacity[r]

    earning = out["stock_true"][:, :, [S["permitted"], S["visa_disguised"], S["irregular"], S["exempt"]]].sum(axis=2)
    gross = np.round(earning * 800.0, 2)
    state_share = np.round(gross * 0.7, 2)
    revenue = np.zeros((M, H, 2))
    revenue[:, :, 0] = np.round(state_share * 0.8, 2)
    informal = state_share - revenue[:, :, 0]
    held = np.zeros((M, H))
    carried = np.zeros(H)
    for t, label in enumerate(labels):
        carried = carried + informal[t]
        if not ("2020-01" <= label < "2023-09"):
            revenue[t, :, 1], carried = carried, np.zeros(H)
        held[t] = carried
    present = out["stock_true"][:, :, :S["repatriated"]].sum(axis=2)
    sector_share = np.array([0.4, 0.2, 0.1, 0.15, 0.1, 0.03, 0.02])
    by_sector = np.floor(present[:, :, None] * sector_share).astype(np.int64)
    by_sector[:, :, 0] += present - by_sector.sum(axis=2)
    inspections = rng.poisson(5, size=(M, H)).astype(np.int64)
    arrays = dict(out, flows=flows, stock_by_sector=by_sector, gross_wages_usd=gross,
                  worker_share_usd=gross - state_share, state_share_usd=state_share, informal_held_usd=held,
                  fines_usd=flows[:, :, F["detections"]] * 2500.0, state_revenue_usd=revenue,
                  inspections=inspections, seats_offered=seats_offered, seats_used=seats_used)
    routes = dict(labels=route_labels, route_from=route_from, route_to=route_to, capacity=capacity)
    return hosts, arrays, routes


def _use_seats(t, host, count, route_from, capacity, offered, used):
    for r, a in enumerate(route_from):
        if a == host:
            offered[t, r] = capacity[r]
            used[t, r] = min(count, capacity[r])
            count -= used[t, r]


def reports(hosts, labels, arrays):
    """A midterm (2019-03) and a final (2020-03) report for each host."""
    rows = []
    for kind, month in (("midterm", "2019-03"), ("final", "2020-03")):
        if month not in labels:
            continue
        t, adopted = labels.index(month), labels.index("2017-12") if "2017-12" in labels else 0
        for h, host in enumerate(hosts):
            true_stock = int(arrays["stock_true"][t, h, :S["repatriated"]].sum())
            repatriated = int(arrays["flows"][adopted + 1:t + 1, h, F["repatriations"]].sum())
            rows.append(dict(host=host, kind=kind, month=month,
                             reported_stock=int(arrays["stock_reported"][t, h, :S["repatriated"]].sum()),
                             true_stock=true_stock, reported_repatriated=repatriated,
                             true_repatriated=repatriated))
    return rows


def _scale(file, name, labels):
    data = file.create_dataset(name, data=np.array(labels, dtype=object), dtype=h5py.string_dtype("utf-8"))
    data.make_scale(name)
    return data


def _attach(data, *dims):
    """Attaches the scales and labels each axis with its dimension's name, as the writer does."""
    for axis, scale in enumerate(dims):
        data.dims[axis].attach_scale(scale)
        data.dims[axis].label = scale.name.rsplit("/", 1)[-1]


def write_run_file(path, months=120, start=(2016, 1), seed=7):
    """Writes the fixture; `months` and `start` choose the span (the key dates assume 2016-2025)."""
    month_index, labels = month_labels(*start, months)
    hosts, arrays, routes = simulate(months, labels, seed)
    filed = reports(hosts, labels, arrays)
    with h5py.File(path, "w") as file:
        attrs = dict(schema_version=np.int32(1), conventions="repatsim run file; see output/SCHEMA.md",
                     repatsim_version="0.1.0", git_commit="fixture", scenario_name="fixture",
                     scenario_yaml=SCENARIO_YAML, scenario_source="tests/analysis/make_fixture.py",
                     seed=np.uint64(seed), threads=np.int32(1), start=labels[0], end=labels[-1],
                     months=np.int32(months), wall_time_s=0.0, created="2024-01-01T00:00:00Z",
                     command_line="make_fixture.py")
        for key, value in attrs.items():
            file.attrs[key] = value
        dims = {
            "month": _scale(file, "month", labels),
            "host": _scale(file, "host", hosts),
            "status": _scale(file, "status", STATUSES),
            "flow": _scale(file, "flow", FLOWS),
            "channel": _scale(file, "channel", CHANNELS),
            "sector": _scale(file, "sector", SECTORS),
            "route": _scale(file, "route", routes["labels"]),
            "report": _scale(file, "report", [f"{r['host']}:{r['kind']}:{r['month']}" for r in filed]),
        }
        coords = (("month_index", "month", month_index, "1"),
                  ("route_from", "route", routes["route_from"], ""),
                  ("route_to", "route", routes["route_to"], ""),
                  ("route_capacity", "route", np.array(routes["capacity"], dtype=np.int64), "seats/month"))
        for name, dim, values, units in coords:
            if isinstance(values, list):
                data = file.create_dataset(name, data=np.array(values, dtype=object),
                                           dtype=h5py.string_dtype("utf-8"))
            else:
                data = file.create_dataset(name, data=values)
            if units:
                data.attrs["units"] = units
            _attach(data, dims[dim])
        layout = {
            "stock_true": ("host", "status"), "stock_reported": ("host", "status"), "status_in": ("host", "status"),
            "status_out": ("host", "status"), "stock_by_sector": ("host", "sector"), "flows": ("host", "flow"),
            "gross_wages_usd": ("host",), "worker_share_usd": ("host",), "state_share_usd": ("host",),
            "informal_held_usd": ("host",), "fines_usd": ("host",), "state_revenue_usd": ("host", "channel"),
            "inspections": ("host",), "seats_offered": ("route",), "seats_used": ("route",),
        }
        for name, axes in layout.items():
            values = arrays[name]
            data = file.create_dataset(name, data=values.astype(np.float64 if name.endswith("_usd") else np.int64))
            data.attrs["units"] = "USD/month" if name.endswith("_usd") else "workers"
            data.attrs["coordinates"] = "month_index" + (" route_from route_to route_capacity"
                                                         if axes == ("route",) else "")
            _attach(data, dims["month"], *(dims[a] for a in axes))
        for name, key in (("report_host", "host"), ("report_kind", "kind"), ("report_month", "month")):
            data = file.create_dataset(name, data=np.array([r[key] for r in filed], dtype=object),
                                       dtype=h5py.string_dtype("utf-8"))
            _attach(data, dims["report"])
        for name in ("reported_stock", "true_stock", "reported_repatriated", "true_repatriated"):
            data = file.create_dataset(name, data=np.array([r[name] for r in filed], dtype=np.int64))
            data.attrs["units"] = "workers"
            data.attrs["coordinates"] = "report_host report_kind report_month"
            _attach(data, dims["report"])
    return Path(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixture.py OUT.h5")
    print(write_run_file(sys.argv[1]))

"""The names a run file uses for its labels, mirrored from sim/types.hpp.

Only the few groupings analysis needs live here; the labels themselves are always read from
the file's dimension scales, so a new status or flow in the engine needs no change here unless
it changes what counts as "abroad" or "hidden"."""

SCHEMA_VERSION = 1

STATUSES = (
    "permitted", "visa_disguised", "irregular", "awaiting_exit",
    "stranded", "detained", "exempt", "repatriated",
)

# Workers counted abroad: every status but repatriated (MODEL.md section 3).
NOT_ABROAD = ("repatriated",)

# 1-D datasets on a dimension that the file schema calls coordinates rather than data.
COORDINATE_NAMES = ("month_index", "route_from", "route_to", "route_capacity")

# What open_run insists on: without these no figure or table can be drawn.
REQUIRED_DIMENSIONS = ("month", "host", "status")
REQUIRED_VARIABLES = ("stock_true",)

# Colours per status, fixed so every figure and every run reads the same way.
STATUS_COLOURS = {
    "permitted": "#4c72b0",
    "visa_disguised": "#dd8452",
    "irregular": "#c44e52",
    "awaiting_exit": "#8172b3",
    "stranded": "#937860",
    "detained": "#da8bc3",
    "exempt": "#55a868",
    "repatriated": "#8c8c8c",
}

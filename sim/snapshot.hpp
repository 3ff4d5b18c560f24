// Per-agent snapshots (the scenario's output.snapshots): the worker table copied at the end of a
// month, for the rows of workers abroad.
#pragma once

#include "sim/records.hpp"
#include "sim/workers.hpp"

namespace repatsim {

// Every row that is not repatriated, in row order, with its id (the row) and every column of
// kWorkerFields.
WorkerSnapshot take_snapshot(const WorkerTable& workers, MonthId month);

}  // namespace repatsim

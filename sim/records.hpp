// What a run records each month (MODEL.md section 8), and the interface the engine hands the
// records to. The engine never writes files: output/ implements Recorder for HDF5, tests use
// MemoryRecorder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/types.hpp"

namespace repatsim {

// The labels of a run's dimensions, fixed before the first month.
struct RunLayout {
  std::string scenario_name;
  std::uint64_t seed = 0;
  MonthId start = 0;
  int months = 0;
  std::vector<std::string> hosts;
  std::vector<std::string> routes;  // one entry per direction: "<route>:<from>><to>"
  std::vector<std::string> route_from;
  std::vector<std::string> route_to;
  std::vector<std::int64_t> route_capacity;  // seats per month, per direction

  bool operator==(const RunLayout&) const = default;
};

// A host's report to the 1718 Committee under 2397, next to the truth.
struct ReportRecord {
  std::string host;
  std::string kind;  // "midterm" or "final"
  MonthId month = 0;
  std::int64_t reported_stock = 0;         // covered DPRK workers still present, as reported
  std::int64_t true_stock = 0;             // ... and in truth (all statuses but repatriated)
  std::int64_t reported_repatriated = 0;   // repatriated since adoption, as reported
  std::int64_t true_repatriated = 0;

  bool operator==(const ReportRecord&) const = default;
};

// One month. Arrays are flat, row-major, with the shapes in the comments (H hosts, R route
// directions, S statuses, F flows, C remittance channels, K sectors). Money is in US cents, so
// sums are exact and identities hold to the cent.
struct MonthRecord {
  MonthId month = 0;
  std::vector<std::int64_t> stock_true;      // [H][S] at the end of the month
  std::vector<std::int64_t> stock_reported;  // [H][S] what the host would report
  std::vector<std::int64_t> stock_by_sector; // [H][K] workers present (not repatriated)
  std::vector<std::int64_t> status_in;       // [H][S] workers who entered (host, status)
  std::vector<std::int64_t> status_out;      // [H][S] workers who left (host, status)
  std::vector<std::int64_t> flows;           // [H][F]
  std::vector<std::int64_t> gross_wages_cents;      // [H]
  std::vector<std::int64_t> worker_share_cents;     // [H]
  std::vector<std::int64_t> state_share_cents;      // [H] the state's take, earned this month
  std::vector<std::int64_t> state_revenue_cents;    // [H][C] reaching the DPRK this month
  std::vector<std::int64_t> informal_held_cents;    // [H] bulk cash waiting for an open route
  std::vector<std::int64_t> inspections;            // [H] employers inspected
  std::vector<std::int64_t> fines_cents;            // [H] employer fines imposed
  std::vector<std::int64_t> seats_offered;          // [R]
  std::vector<std::int64_t> seats_used;             // [R]
  std::vector<ReportRecord> reports;                // filed this month

  bool operator==(const MonthRecord&) const = default;
};

// The worker table at the end of a month named in the scenario's output.snapshots: one entry per
// worker abroad (every row not repatriated), in row order. The vectors mirror the columns of
// WorkerTable (sim/workers.hpp, kWorkerFields), plus the row itself as the worker's id.
struct WorkerSnapshot {
  MonthId month = 0;
  std::vector<std::uint32_t> id;          // row of the worker table: the worker's stable id
  std::vector<Status> status;
  std::vector<std::uint8_t> host;         // index into the run's hosts
  std::vector<Sector> sector;
  std::vector<std::uint8_t> flags;        // worker_flag bits
  std::vector<std::int16_t> expiry;       // step the permit or visa ends
  std::vector<std::int16_t> arrived;      // step the current tour began
  std::vector<std::uint32_t> wage_cents;  // gross monthly wage, US cents
  std::vector<std::uint32_t> employer;    // employer row

  std::size_t size() const { return id.size(); }
  bool operator==(const WorkerSnapshot&) const = default;
};

class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void begin(const RunLayout& layout) = 0;
  virtual void record(const MonthRecord& month) = 0;
  // A per-agent snapshot, after the month's record(); only for the months the scenario names.
  virtual void snapshot(const WorkerSnapshot& /*snapshot*/) {}
  virtual void finish() = 0;
};

// Keeps every month in memory: the whole run, for tests and for writers that write at the end.
struct RunRecords {
  RunLayout layout;
  std::vector<MonthRecord> months;
  std::vector<WorkerSnapshot> snapshots;  // in month order; empty unless output.snapshots

  bool operator==(const RunRecords&) const = default;
};

class MemoryRecorder final : public Recorder {
 public:
  void begin(const RunLayout& layout) override { run_ = RunRecords{layout, {}, {}}; }
  void record(const MonthRecord& month) override { run_.months.push_back(month); }
  void snapshot(const WorkerSnapshot& snapshot) override { run_.snapshots.push_back(snapshot); }
  void finish() override {}
  const RunRecords& run() const { return run_; }
  RunRecords take() { return std::move(run_); }

 private:
  RunRecords run_;
};

}  // namespace repatsim

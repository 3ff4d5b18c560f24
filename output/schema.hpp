// The run file's schema (version 1) as data: its dimensions and the per-month datasets, each with
// the MonthRecord field it comes from. The writer, the reader, the size estimate and the tests of
// output/SCHEMA.md all walk this one table, so a new monthly record is added here and nowhere
// else in output/. No HDF5 types: see output/SCHEMA.md for the file itself.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/records.hpp"

namespace repatsim::schema {

inline constexpr int kVersion = 1;
// The root attribute `conventions`; the reader also uses it to recognise a foreign file.
inline constexpr std::string_view kConventions = "repatsim run file; see output/SCHEMA.md";

// Float64 USD = cents / 100 converts back exactly with llround(usd * 100) while |cents| stays
// below about 2^51 (checked in tests/output); the writer refuses money beyond this bound
// (USD 10 trillion) rather than store a figure it could not read back to the cent.
inline constexpr std::int64_t kMaxExactCents = 1'000'000'000'000'000;

// The dimensions, each a dimension scale of the same name in the file.
enum class Dim : std::uint8_t { month, host, status, flow, channel, sector, route, report };
inline constexpr int kDimCount = 8;
inline constexpr std::array<std::string_view, kDimCount> kDimNames{
    "month", "host", "status", "flow", "channel", "sector", "route", "report"};
inline constexpr std::array<std::string_view, kDimCount> kDimLongNames{
    "calendar month of the simulation step (ISO YYYY-MM)",
    "host state employing DPRK workers",
    "legal status of the worker",
    "kind of monthly flow of workers",
    "remittance channel by which the state's share reaches the DPRK",
    "employer sector",
    "route direction between two states: <route>:<from>><to>",
    "report to the 1718 Committee: <host>:<kind>:<YYYY-MM>"};

constexpr std::string_view dim_name(Dim d) { return kDimNames[static_cast<int>(d)]; }

// A dataset with one row per month: (month, axes[0]) or (month, axes[0], axes[1]).
struct MonthField {
  std::string_view name;
  std::vector<std::int64_t> MonthRecord::*member;
  int axis_count;  // axes after `month`: 1 or 2
  std::array<Dim, 2> axes;
  bool money;  // cents in the record, float64 USD in the file
  std::string_view units;
  std::string_view long_name;
};

inline constexpr std::array<MonthField, 15> kMonthFields{{
    {"stock_true",
     &MonthRecord::stock_true,
     2,
     {Dim::host, Dim::status},
     false,
     "workers",
     "workers by host and status at the end of the month (truth)"},
    {"stock_reported",
     &MonthRecord::stock_reported,
     2,
     {Dim::host, Dim::status},
     false,
     "workers",
     "workers by host and status at the end of the month, as the host would report them"},
    {"status_in",
     &MonthRecord::status_in,
     2,
     {Dim::host, Dim::status},
     false,
     "workers",
     "workers who entered the (host, status) cell during the month"},
    {"status_out",
     &MonthRecord::status_out,
     2,
     {Dim::host, Dim::status},
     false,
     "workers",
     "workers who left the (host, status) cell during the month"},
    {"stock_by_sector",
     &MonthRecord::stock_by_sector,
     2,
     {Dim::host, Dim::sector},
     false,
     "workers",
     "workers present (not repatriated) by host and employer sector at the end of the month"},
    {"flows",
     &MonthRecord::flows,
     2,
     {Dim::host, Dim::flow},
     false,
     "workers/month",
     "workers moved by each kind of flow during the month"},
    {"gross_wages_usd",
     &MonthRecord::gross_wages_cents,
     1,
     {Dim::host, Dim::host},
     true,
     "USD/month",
     "gross wages paid to DPRK workers"},
    {"worker_share_usd",
     &MonthRecord::worker_share_cents,
     1,
     {Dim::host, Dim::host},
     true,
     "USD/month",
     "part of the gross wages the workers keep"},
    {"state_share_usd",
     &MonthRecord::state_share_cents,
     1,
     {Dim::host, Dim::host},
     true,
     "USD/month",
     "the DPRK state's take of the wages, earned this month"},
    {"informal_held_usd",
     &MonthRecord::informal_held_cents,
     1,
     {Dim::host, Dim::host},
     true,
     "USD",
     "bulk cash held in the host waiting for an open route, at the end of the month"},
    {"fines_usd",
     &MonthRecord::fines_cents,
     1,
     {Dim::host, Dim::host},
     true,
     "USD/month",
     "fines imposed on employers by enforcement"},
    {"state_revenue_usd",
     &MonthRecord::state_revenue_cents,
     2,
     {Dim::host, Dim::channel},
     true,
     "USD/month",
     "state revenue reaching the DPRK this month, by remittance channel"},
    {"inspections",
     &MonthRecord::inspections,
     1,
     {Dim::host, Dim::host},
     false,
     "employers/month",
     "employers inspected by enforcement bodies"},
    {"seats_offered",
     &MonthRecord::seats_offered,
     1,
     {Dim::route, Dim::route},
     false,
     "seats/month",
     "seats toward the DPRK offered on the route direction"},
    {"seats_used",
     &MonthRecord::seats_used,
     1,
     {Dim::route, Dim::route},
     false,
     "seats/month",
     "seats used by workers leaving on the route direction"},
}};

// The per-report datasets on dim `report` (one entry per filed report, in filing order): a
// label (string) or a count of workers taken from ReportRecord.
struct ReportField {
  std::string_view name;
  std::string (*label)(const ReportRecord&);  // for a string dataset, else nullptr
  std::int64_t ReportRecord::*count;          // for an int64 dataset, else nullptr
  std::string_view units;                     // empty for labels
  std::string_view long_name;
};
inline constexpr std::array<ReportField, 7> kReportFields{{
    {"report_host", [](const ReportRecord& r) { return r.host; }, nullptr, "",
     "host that filed the report"},
    {"report_kind", [](const ReportRecord& r) { return r.kind; }, nullptr, "",
     "kind of report under resolution 2397: midterm or final"},
    {"report_month", [](const ReportRecord& r) { return month_label(r.month); }, nullptr, "",
     "month the report was filed (YYYY-MM)"},
    {"reported_stock", nullptr, &ReportRecord::reported_stock, "workers",
     "covered DPRK workers still present, as reported"},
    {"true_stock", nullptr, &ReportRecord::true_stock, "workers",
     "DPRK workers still present in truth (all statuses but repatriated)"},
    {"reported_repatriated", nullptr, &ReportRecord::reported_repatriated, "workers",
     "workers repatriated since adoption, as reported"},
    {"true_repatriated", nullptr, &ReportRecord::true_repatriated, "workers",
     "workers repatriated since adoption, in truth"},
}};

// Sizes of the dimensions for a layout; `report` is the number of reports in the run.
std::array<std::size_t, kDimCount> dim_sizes(const RunLayout& layout, std::size_t reports);

// The labels of a dimension (the values of its scale).
std::vector<std::string> dim_labels(Dim d, const RunRecords& run);

// The label of a report on dim `report`.
std::string report_label(const ReportRecord& r);

// Values one month of a field holds: the product of its axes' sizes.
std::size_t values_per_month(const MonthField& f, const std::array<std::size_t, kDimCount>& sizes);

}  // namespace repatsim::schema

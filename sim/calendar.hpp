// Calendar months as plain integers: a MonthId counts months since 1970-01 (1970-01 is 0),
// so the step of a date is simple arithmetic and never depends on a time zone or a clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace repatsim {

using MonthId = int;  // months since 1970-01

constexpr MonthId make_month(int year, int month) { return (year - 1970) * 12 + (month - 1); }
constexpr int year_of(MonthId m) { return 1970 + (m >= 0 ? m / 12 : (m - 11) / 12); }
constexpr int month_of(MonthId m) { return m - make_month(year_of(m), 1) + 1; }

// "YYYY-MM" label of a month.
std::string month_label(MonthId m);

// Parses "YYYY-MM" or "YYYY-MM-DD" (a day-dated event takes effect in the step of its month,
// MODEL.md section 2). Returns nullopt for anything else, including impossible days.
std::optional<MonthId> parse_month(std::string_view text);

}  // namespace repatsim

#include "sim/calendar.hpp"

#include <fmt/format.h>

#include <charconv>

namespace repatsim {

std::string month_label(MonthId m) { return fmt::format("{:04d}-{:02d}", year_of(m), month_of(m)); }

namespace {
std::optional<int> digits(std::string_view s) {
  int value = 0;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}
}  // namespace

std::optional<MonthId> parse_month(std::string_view text) {
  if (text.size() != 7 && text.size() != 10) return std::nullopt;
  if (text[4] != '-') return std::nullopt;
  auto year = digits(text.substr(0, 4));
  auto month = digits(text.substr(5, 2));
  if (!year || !month || *month < 1 || *month > 12) return std::nullopt;
  if (text.size() == 10) {
    if (text[7] != '-') return std::nullopt;
    auto day = digits(text.substr(8, 2));
    if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  }
  return make_month(*year, *month);
}

}  // namespace repatsim

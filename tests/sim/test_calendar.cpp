#include <catch2/catch.hpp>

#include "sim/calendar.hpp"

using namespace repatsim;

TEST_CASE("months parse from YYYY-MM and YYYY-MM-DD and print back", "[calendar]") {
  CHECK(parse_month("1970-01") == 0);
  CHECK(parse_month("2017-12-22") == make_month(2017, 12));
  CHECK(parse_month("2019-12") == make_month(2019, 12));
  CHECK(month_label(make_month(2023, 8)) == "2023-08");
  CHECK(year_of(make_month(1969, 12)) == 1969);
  CHECK(month_of(make_month(1969, 12)) == 12);
  for (const char* bad : {"2017", "2017-13", "2017-00", "2017-1", "17-01", "2017-02-30", "2019-02-29",
                          "2017-12-22x", "abcd-ef", "2017/12", ""})
    CHECK_FALSE(parse_month(bad).has_value());
  CHECK(parse_month("2020-02-29").has_value());
}

// The search for rested returnees (sim/phases/rested_rows.hpp): both forms find exactly the rows
// a plain row-by-row loop finds, lowest first, stop at the number wanted, and write nothing
// past the room they are given.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "sim/cpu.hpp"
#include "sim/phases/rested_rows.hpp"

using namespace repatsim;

namespace {
constexpr std::uint8_t kHome = 7;

std::vector<std::uint32_t> plain(const std::vector<std::uint8_t>& status,
                                 const std::vector<std::int16_t>& expiry, std::size_t begin,
                                 std::size_t end, std::int16_t home_by, std::size_t most) {
  std::vector<std::uint32_t> rows;
  for (std::size_t i = begin; i < end && rows.size() < most; ++i)
    if (status[i] == kHome && expiry[i] <= home_by) rows.push_back(static_cast<std::uint32_t>(i));
  return rows;
}
}  // namespace

TEST_CASE("both searches for rested returnees find the rows a plain loop finds", "[rested_rows]") {
  std::vector<RestedRows> forms = {rested_rows_scalar, best_rested_rows()};
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) forms.push_back(rested_rows_avx2);
#endif
  std::mt19937 rng(29);
  // Tables as runs meet them: long runs abroad, dense runs at home (some still resting), and
  // everything between; home steps on both sides of home_by, negative ones among them.
  for (int table = 0; table < 60; ++table) {
    const std::size_t n = 1 + rng() % 3000;
    const auto home_share = static_cast<unsigned>(rng() % 101);  // percent of rows at home
    const auto run = static_cast<unsigned>(1 + rng() % 200);  // rows of the same kind in a row
    std::vector<std::uint8_t> status(n);
    std::vector<std::int16_t> expiry(n);
    bool at_home = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (i % run == 0) at_home = rng() % 100 < home_share;
      status[i] = at_home ? kHome : static_cast<std::uint8_t>(rng() % 7);
      expiry[i] = static_cast<std::int16_t>(static_cast<int>(rng() % 60) - 20);
    }
    const auto home_by = static_cast<std::int16_t>(static_cast<int>(rng() % 50) - 10);
    const std::size_t begin = rng() % (n / 2 + 1), end = begin + rng() % (n - begin + 1);
    const std::size_t all = plain(status, expiry, begin, end, home_by, n).size();
    for (std::size_t most : {std::size_t{0}, std::size_t{1}, all / 2, all > 0 ? all - 1 : 0, all,
                             all + 5}) {
      const std::vector<std::uint32_t> expected = plain(status, expiry, begin, end, home_by, most);
      for (RestedRows search : forms) {
        constexpr std::uint32_t kGuard = 0xDEADBEEFu;
        std::vector<std::uint32_t> out(most + 32 + 8, kGuard);
        const std::size_t found =
            search(status.data(), expiry.data(), begin, end, kHome, home_by, most, out.data());
        INFO("table " << table << " rows " << begin << ".." << end << " most " << most);
        REQUIRE(found == expected.size());
        REQUIRE(std::vector<std::uint32_t>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(found)) ==
                expected);
        for (std::size_t k = most + 32; k < out.size(); ++k) REQUIRE(out[k] == kGuard);
      }
    }
  }
}

// Replays every input the fuzzers ever crashed on (tests/fuzz/regressions/<target>/), through the
// same entry points as the libFuzzer targets, so that a fixed crash stays fixed in every build
// (gcc too, and under the asan and tsan presets), not only where clang and libFuzzer are.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/entry_points.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(REPATSIM_FUZZ_DIR) / "regressions" / target))
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <class Entry>
void replay(const std::string& target, Entry entry) {
  const auto files = inputs_of(target);
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file.string());
    entry(bytes_of(file));  // returns normally, or the test binary dies naming nothing: see INFO
    SUCCEED();
  }
}

}  // namespace

TEST_CASE("fuzz regressions: scenario loader", "[fuzz]") {
  replay("scenario", repatsim::fuzz::scenario_text);
}

TEST_CASE("fuzz regressions: --set overrides", "[fuzz]") {
  repatsim::fuzz::set_base_scenario(REPATSIM_BASE_SCENARIO);
  replay("set", repatsim::fuzz::set_overrides);
}

TEST_CASE("fuzz regressions: run file reader (info)", "[fuzz]") {
  replay("run_file", repatsim::fuzz::run_file_bytes);
}

TEST_CASE("fuzz regressions: sweep file reader (merge)", "[fuzz]") {
  replay("sweep_file", repatsim::fuzz::sweep_file_bytes);
}

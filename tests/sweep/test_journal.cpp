// The sweep journal: records round-trip, damaged records are refused, and a journal belongs to
// one sweep.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/app/sweep_journal.hpp"

namespace fs = std::filesystem;
using repatsim::app::JournalError;
using repatsim::app::SweepJournal;
using repatsim::app::SweepRunResult;

namespace {

SweepRunResult sample() {
  return SweepRunResult{true, "", {1, 2, 3, 4, 5, 6}, {700, -8}, {0, 9}};
}

struct TempDir {
  TempDir() {
    path = fs::temp_directory_path() / ("repatsim-journal-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

}  // namespace

TEST_CASE("a run's result round-trips through its bytes", "[journal]") {
  std::int64_t run = -1;
  CHECK(repatsim::app::decode_run_result(repatsim::app::encode_run_result(41, sample()), run) ==
        sample());
  CHECK(run == 41);
  const SweepRunResult failed{false, "visa_tolerance: expected a share", {}, {}, {}};
  CHECK(repatsim::app::decode_run_result(repatsim::app::encode_run_result(3, failed), run) == failed);
}

TEST_CASE("damaged or cut records are refused", "[journal]") {
  const std::vector<char> good = repatsim::app::encode_run_result(7, sample());
  std::int64_t run = -1;
  for (std::size_t i = 0; i < good.size(); i += 5) {
    std::vector<char> bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    CHECK_THROWS_AS(repatsim::app::decode_run_result(bad, run), JournalError);
  }
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, good.size() / 2, good.size() - 1}) {
    const std::vector<char> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK_THROWS_AS(repatsim::app::decode_run_result(cut, run), JournalError);
  }
}

TEST_CASE("a journal keeps its runs and refuses another sweep", "[journal]") {
  TempDir tmp;
  const fs::path output = tmp.path / "sweep.h5";
  {
    SweepJournal journal(output, "sweep A");
    CHECK(journal.finished().empty());
    journal.record(5, sample());
    journal.record(0, SweepRunResult{false, "failed", {}, {}, {}});
    CHECK_THROWS_WITH(SweepJournal(output, "sweep A"),
                      Catch::Contains("another repatsim process is running this sweep"));
  }
  // A temporary of a writer killed before its rename, and a record damaged some other way.
  std::ofstream(SweepJournal::directory_for(output) / "run-000000000009.rec.tmp.123") << "partial";
  std::ofstream(SweepJournal::directory_for(output) / "run-000000000002.rec") << "garbage";
  CHECK_THROWS_WITH(SweepJournal(output, "sweep B"), Catch::Contains("a different sweep"));
  SweepJournal journal(output, "sweep A");
  const auto finished = journal.finished();
  REQUIRE(finished.size() == 2);
  CHECK(finished.at(5) == sample());
  CHECK_FALSE(finished.at(0).ok);
  CHECK_FALSE(fs::exists(SweepJournal::directory_for(output) / "run-000000000009.rec.tmp.123"));
  CHECK_FALSE(fs::exists(SweepJournal::directory_for(output) / "run-000000000002.rec"));
  journal.remove();
  CHECK_FALSE(fs::exists(SweepJournal::directory_for(output)));
}

// What a write leaves behind when it cannot finish, and what a reader says about files that are
// not run files: nothing half-written at the target, no temporary left, an error that says why.
#include <hdf5.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "output/run_file.hpp"
#include "tests/output/synthetic_run.hpp"
#include "tests/output/temp_dir.hpp"

using namespace repatsim;
using Catch::Matchers::Contains;
using repatsim::testing::make_synthetic_metadata;
using repatsim::testing::make_synthetic_run;
using repatsim::testing::TempDir;
using repatsim::testing::temporaries_in;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// An HDF5 file of some other program: a dataset and an attribute, none of ours.
void write_foreign_hdf5(const std::filesystem::path& path) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hsize_t dims[1] = {4};
  const hid_t space = H5Screate_simple(1, dims, nullptr);
  const hid_t data = H5Dcreate2(file, "temperature", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT,
                                H5P_DEFAULT, H5P_DEFAULT);
  const double values[4] = {1.5, 2.5, 3.5, 4.5};
  H5Dwrite(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
  const hid_t scalar = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(file, "months", H5T_NATIVE_INT, scalar, H5P_DEFAULT, H5P_DEFAULT);
  const int months = 12;
  H5Awrite(attr, H5T_NATIVE_INT, &months);
  H5Aclose(attr);
  H5Sclose(scalar);
  H5Dclose(data);
  H5Sclose(space);
  REQUIRE(H5Fclose(file) >= 0);
}

// Overwrites the root attribute schema_version of a run file.
void set_schema_version(const std::filesystem::path& path, int version) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t attr = H5Aopen(file, "schema_version", H5P_DEFAULT);
  REQUIRE(attr >= 0);
  H5Awrite(attr, H5T_NATIVE_INT, &version);
  H5Aclose(attr);
  REQUIRE(H5Fclose(file) >= 0);
}

void require_unreadable(const std::filesystem::path& path, const std::string& why) {
  REQUIRE_THROWS_WITH(read_run_file(path), Contains(path.filename().string()) && Contains(why));
  REQUIRE_THROWS_WITH(describe_run_file(path), Contains(why));
}

}  // namespace

TEST_CASE("an existing target is refused without force and replaced with it", "[output][failure]") {
  TempDir dir;
  const auto file = dir / "run.h5";
  const RunMetadata meta = make_synthetic_metadata();
  RunRecords first = make_synthetic_run({.seed = 1});
  write_run_file(file, first, meta, false);
  const std::string before = slurp(file);

  RunRecords second = make_synthetic_run({.seed = 2});
  REQUIRE_THROWS_AS(write_run_file(file, second, meta, false), OutputError);
  REQUIRE_THROWS_WITH(write_run_file(file, second, meta, false), Contains("exists"));
  CHECK(slurp(file) == before);
  CHECK(temporaries_in(dir.path()) == 0);

  write_run_file(file, second, meta, true);
  CHECK(read_run_file(file).run.layout.seed == 2);
  CHECK(temporaries_in(dir.path()) == 0);
}

TEST_CASE("an unwritable place gives OutputError and leaves no file", "[output][failure]") {
  TempDir dir;
  const RunRecords run = make_synthetic_run({});
  const RunMetadata meta = make_synthetic_metadata();

  SECTION("the directory does not exist") {
    REQUIRE_THROWS_WITH(write_run_file(dir / "missing/run.h5", run, meta, false),
                        Contains("does not exist"));
    CHECK(!std::filesystem::exists(dir / "missing"));
  }
  SECTION("the parent is a regular file") {
    write_text(dir / "plain", "not a directory");
    REQUIRE_THROWS_AS(write_run_file(dir / "plain/run.h5", run, meta, false), OutputError);
  }
  SECTION("the target is a directory") {
    std::filesystem::create_directories(dir / "run.h5");
    REQUIRE_THROWS_WITH(write_run_file(dir / "run.h5", run, meta, true), Contains("directory"));
  }
  SECTION("the directory is read-only") {
    const auto locked = dir / "locked";
    std::filesystem::create_directories(locked);
    std::filesystem::permissions(
        locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    if (::geteuid() == 0) {
      WARN("running as root, which may write anywhere: the read-only case is not exercised");
    } else {
      REQUIRE_THROWS_WITH(write_run_file(locked / "run.h5", run, meta, false),
                          Contains("cannot write run file") && Contains("run.h5"));
      CHECK(!std::filesystem::exists(locked / "run.h5"));
      CHECK(temporaries_in(locked) == 0);
    }
  }
  CHECK(temporaries_in(dir.path()) == 0);
}

TEST_CASE("records that disagree with the layout are refused before anything is written",
          "[output][failure]") {
  TempDir dir;
  const auto file = dir / "run.h5";
  RunRecords run = make_synthetic_run({.hosts = 3, .months = 4});

  SECTION("a field of the wrong size") {
    run.months[2].flows.pop_back();
    REQUIRE_THROWS_WITH(write_run_file(file, run, make_synthetic_metadata(), false),
                        Contains("flows") && Contains("2018-02"));
  }
  SECTION("a month out of sequence") {
    run.months[1].month += 1;
    REQUIRE_THROWS_WITH(write_run_file(file, run, make_synthetic_metadata(), false),
                        Contains("expected 2018-01"));
  }
  SECTION("fewer month records than the layout says") {
    run.months.pop_back();
    REQUIRE_THROWS_WITH(write_run_file(file, run, make_synthetic_metadata(), false),
                        Contains("4 months but 3"));
  }
  SECTION("a report dated outside the month it was filed in") {
    run.months[1].reports.at(0).month -= 1;
    REQUIRE_THROWS_WITH(write_run_file(file, run, make_synthetic_metadata(), false),
                        Contains("report"));
  }
  SECTION("money beyond what float64 keeps to the cent") {
    run.months[0].state_share_cents[0] = 4'000'000'000'000'000;
    REQUIRE_THROWS_WITH(write_run_file(file, run, make_synthetic_metadata(), false),
                        Contains("state_share_usd"));
  }
  CHECK(!std::filesystem::exists(file));
  CHECK(temporaries_in(dir.path()) == 0);
}

TEST_CASE("files that are not run files are reported as such", "[output][failure]") {
  TempDir dir;
  SECTION("missing") { require_unreadable(dir / "absent.h5", "no such file"); }
  SECTION("garbage") {
    write_text(dir / "garbage.h5", std::string(4096, 'x'));
    require_unreadable(dir / "garbage.h5", "not an HDF5 file");
  }
  SECTION("empty") {
    write_text(dir / "empty.h5", "");
    require_unreadable(dir / "empty.h5", "not an HDF5 file");
  }
  SECTION("another program's HDF5 file") {
    write_foreign_hdf5(dir / "foreign.h5");
    require_unreadable(dir / "foreign.h5", "not a repatsim run file");
  }
  SECTION("a newer schema") {
    write_run_file(dir / "run.h5", make_synthetic_run({}), make_synthetic_metadata(), false);
    set_schema_version(dir / "run.h5", 2);
    require_unreadable(dir / "run.h5", "schema version 2");
  }
  SECTION("a truncated run file") {
    const auto file = dir / "run.h5";
    write_run_file(file, make_synthetic_run({.hosts = 4, .months = 60}), make_synthetic_metadata(),
                   false);
    const auto size = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, size / 2);
    REQUIRE_THROWS_AS(read_run_file(file), OutputError);
    REQUIRE_THROWS_AS(describe_run_file(file), OutputError);
  }
}

TEST_CASE("a full disk gives OutputError and leaves no file", "[output][failure]") {
  // RLIMIT_FSIZE makes writes past 16 KiB fail with EFBIG, as a full disk would; the limit and the
  // ignored SIGXFSZ stay in a forked child, which reports through its exit code.
  TempDir dir;
  const auto file = dir / "run.h5";
  RunMetadata meta = make_synthetic_metadata();
  meta.scenario_yaml = std::string(200 * 1024, '#');  // more than the limit on its own
  const RunRecords run = make_synthetic_run({.hosts = 4, .months = 36});

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{16 * 1024, 16 * 1024};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(10);
    int code = 11;  // the write succeeded: the limit was not hit
    try {
      write_run_file(file, run, meta, false);
    } catch (const OutputError& e) {
      code = std::string(e.what()).find("run.h5") != std::string::npos ? 0 : 12;
    } catch (...) {
      code = 13;
    }
    std::exit(code);  // not _exit: HDF5 must also shut down cleanly after the failure
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));  // a crash (say, in HDF5's exit handlers) fails here
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(!std::filesystem::exists(file));
  CHECK(temporaries_in(dir.path()) == 0);
}

TEST_CASE("an interrupt leaves either the complete file or nothing", "[output][failure]") {
  // A child rewrites the file in a loop and is sent SIGTERM at different moments; whenever it
  // dies, the target must be absent or a complete run file, and no temporary may remain (the
  // signal is held back while a temporary exists).
  const RunRecords run = make_synthetic_run({.hosts = 12, .routes = 6, .months = 120});
  const RunMetadata meta = make_synthetic_metadata();
  for (int delay_ms : {0, 3, 10, 25, 60}) {
    TempDir dir;
    const auto file = dir / "run.h5";
    // SIGTERM is held until the child has dropped Catch2's handler, to die as a program would.
    sigset_t term, previous;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, &previous);
    const pid_t child = ::fork();
    if (child == 0) {
      ::signal(SIGTERM, SIG_DFL);
      pthread_sigmask(SIG_SETMASK, &previous, nullptr);
      try {
        for (;;) write_run_file(file, run, meta, true);
      } catch (...) {
        ::_exit(1);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    REQUIRE(child > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(child, SIGTERM);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("signal sent after " << delay_ms << " ms");
    CHECK(WIFSIGNALED(status));
    CHECK(temporaries_in(dir.path()) == 0);
    if (std::filesystem::exists(file)) CHECK(read_run_file(file).run.months.size() == 120);
  }
}

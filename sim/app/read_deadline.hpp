// A deadline for reading an input file: libhdf5 1.10.8 loops forever on some damaged files
// (found by fuzzing; RELIABILITY.md), and a script that calls `repatsim info` on a damaged file
// must get an error, not a hang. Nothing can stop HDF5 half way, so the process ends.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace repatsim::app {

// Seconds allowed to read `file`: 60, plus one per 10 MB (HDF5 reads far faster), or the
// environment's REPATSIM_READ_TIMEOUT_S when set (a slow network file system; tests).
double read_budget_seconds(const std::filesystem::path& file);

// While alive, watches the clock; if reading is not over within read_budget_seconds(file), prints
// "repatsim: reading <file> ... gave up" to stderr and ends the process with exit code 2 (bad
// input). Nothing is being written meanwhile: output files are written atomically, later.
class ReadDeadline {
 public:
  explicit ReadDeadline(const std::filesystem::path& file);
  ~ReadDeadline();
  ReadDeadline(const ReadDeadline&) = delete;
  ReadDeadline& operator=(const ReadDeadline&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cancelled_;
  bool done_ = false;
  std::thread watcher_;
};

}  // namespace repatsim::app

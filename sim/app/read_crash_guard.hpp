// Turns a crash inside libhdf5 while it reads an input file into a clear error: libhdf5 1.10.8
// reads out of bounds and dies of SIGSEGV on some damaged files (found by fuzzing;
// RELIABILITY.md). Our own reading code checks what it reads; the library's cannot be fixed
// here. Nothing is being written while an input is read (output files are written atomically,
// later), so ending the process with "the file is damaged" and exit code 2 loses nothing.
#pragma once

#include <csignal>
#include <filesystem>
#include <iterator>

namespace repatsim::app {

// While alive, SIGSEGV, SIGBUS, SIGFPE and SIGILL print "repatsim: reading <file> crashed
// inside the HDF5 library: the file is damaged" and end the process with exit code 2; the
// previous handlers come back when it goes. One at a time (reads are sequential).
class ReadCrashGuard {
 public:
  explicit ReadCrashGuard(const std::filesystem::path& file);
  ~ReadCrashGuard();
  ReadCrashGuard(const ReadCrashGuard&) = delete;
  ReadCrashGuard& operator=(const ReadCrashGuard&) = delete;

 private:
  static constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
  struct sigaction previous_[std::size(kSignals)] {};
};

}  // namespace repatsim::app

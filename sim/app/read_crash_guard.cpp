#include "sim/app/read_crash_guard.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "sim/app/commands.hpp"

namespace repatsim::app {
namespace {

// The message is composed before any crash: a signal handler may only call async-signal-safe
// functions (write, _exit), not format or allocate.
char crash_message[4096];
std::size_t crash_message_length = 0;

extern "C" void on_read_crash(int) {
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, crash_message, crash_message_length);
  ::_exit(kExitBadInput);
}

}  // namespace

ReadCrashGuard::ReadCrashGuard(const std::filesystem::path& file) {
  const std::string text = "repatsim: reading " + file.string() +
                           " crashed inside the HDF5 library: the file is damaged\n";
  crash_message_length = std::min(text.size(), sizeof crash_message);
  std::memcpy(crash_message, text.data(), crash_message_length);
  struct sigaction action {};
  action.sa_handler = on_read_crash;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < std::size(kSignals); ++i)
    sigaction(kSignals[i], &action, &previous_[i]);
}

ReadCrashGuard::~ReadCrashGuard() {
  for (std::size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

}  // namespace repatsim::app

#include "sim/app/read_deadline.hpp"

#include <fmt/format.h>
#include <fmt/std.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "sim/app/commands.hpp"

namespace repatsim::app {

double read_budget_seconds(const std::filesystem::path& file) {
  if (const char* text = std::getenv("REPATSIM_READ_TIMEOUT_S")) {
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (end != text && *end == '\0' && seconds > 0) return seconds;
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(file, ec);
  return 60.0 + (ec ? 0.0 : static_cast<double>(bytes) / 10e6);
}

ReadDeadline::ReadDeadline(const std::filesystem::path& file) {
  const double seconds = read_budget_seconds(file);
  watcher_ = std::thread([this, file, seconds] {
    std::unique_lock lock(mutex_);
    if (cancelled_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return done_; }))
      return;
    fmt::print(stderr,
               "repatsim: reading {} took over {:.0f} s and was given up: the file is damaged "
               "(HDF5 loops on some damaged files)\n",
               file, seconds);
    std::fflush(stderr);
    std::_Exit(kExitBadInput);
  });
}

ReadDeadline::~ReadDeadline() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  cancelled_.notify_one();
  watcher_.join();
}

}  // namespace repatsim::app

#include "sim/app/sweep_progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace repatsim::app {

namespace {

// Below this many runs every run gets its own line; above it, one line per kLinePeriod.
constexpr std::size_t kEveryRunUpTo = 200;
constexpr auto kLinePeriod = std::chrono::seconds(10);

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02d}:{:02d}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02d}", s / 60, s % 60);
}

}  // namespace

SweepProgress::SweepProgress(std::size_t total, std::size_t already, bool quiet, bool bar_allowed)
    : total_(total),
      done_(already),
      already_(already),
      quiet_(quiet),
      terminal_(bar_allowed && ::isatty(STDOUT_FILENO) == 1),
      started_(std::chrono::steady_clock::now()),
      last_line_(started_) {}

std::string SweepProgress::eta() const {
  const std::size_t here = done_ - already_;  // runs finished by this process
  if (done_ >= total_) return "0:00";
  if (here == 0) return "--:--";
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return clock_text(elapsed / static_cast<double>(here) * static_cast<double>(total_ - done_));
}

void SweepProgress::finished(const std::string& what, bool ok) {
  ++done_;
  failed_ += ok ? 0 : 1;
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total_ == 0 ? kWidth : done_ * kWidth / total_;
    fmt::print("\r[{:=<{}}{: <{}}] {}/{} runs, {} failed, ETA {}   ", "", filled, "",
               kWidth - filled, done_, total_, failed_, eta());
    bar_drawn_ = true;
  } else if (total_ <= kEveryRunUpTo || now - last_line_ >= kLinePeriod || done_ == total_) {
    fmt::print("repatsim: run {}/{} done: {}; {} failed so far, ETA {}\n", done_, total_, what,
               failed_, eta());
    last_line_ = now;
  }
  std::fflush(stdout);
}

void SweepProgress::close() {
  if (bar_drawn_) fmt::print("\n");
  bar_drawn_ = false;
  std::fflush(stdout);
}

}  // namespace repatsim::app

// The `repatsim` subcommands. Each returns the process exit code:
// 0 success, 1 a failure while running or writing, 2 bad input (scenario, file, parameter),
// 128 + signal when interrupted.
#pragma once

#include <fmt/core.h>

#include <cstdio>
#include <string>
#include <vector>

namespace repatsim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// How every command reports a problem: one line on stderr, "repatsim: <message>".
inline void error(const std::string& message) { fmt::print(stderr, "repatsim: {}\n", message); }

struct RunOptions {
  std::string scenario;
  std::vector<std::string> overrides;  // --set key.path=value
  std::string output;                  // empty: the scenario's output.path or output/<name>.h5
  bool force = false;
  int threads = 0;                     // 0: every core
  bool quiet = false;
  std::string command_line;
};

int run_command(const RunOptions& options);
int validate_command(const std::vector<std::string>& files, const std::vector<std::string>& overrides);
int show_command(const std::string& file, const std::vector<std::string>& overrides);
int info_command(const std::string& file);

}  // namespace repatsim::app

// `repatsim sweep` and `repatsim merge` (README.md, "Sweeps"). Exit codes as in commands.hpp.
#pragma once

#include <string>
#include <vector>

#include "output/sweep_file.hpp"

namespace repatsim::app {

struct SweepOptions {
  std::string sweep_file;
  std::string output;
  int threads = 0;          // 0: every core; each run is single-threaded, runs go in parallel
  bool force = false;
  bool quiet = false;
  std::string shard;        // "K/N" (1-based K): the runs with index % N == K - 1; empty: all
};

int sweep_command(const SweepOptions& options);
int merge_command(const std::vector<std::string>& shards, const std::string& output, bool force);

// Fills the per-point summaries (workers abroad: mean and 5/50/95 % quantiles over the successful
// replicates) of a file that holds every run of its sweep.
void summarise(SweepFileData& data);

}  // namespace repatsim::app

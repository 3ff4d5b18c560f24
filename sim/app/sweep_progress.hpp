// Progress of a sweep on stdout: a bar with the ETA, redrawn in place, when stdout is a
// terminal (and not under mpirun, whose output forwarding looks like one even into a batch
// job's log); otherwise plain lines (each run when there are few, else one every few seconds),
// which logs of batch jobs keep readably.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace repatsim::app {

class SweepProgress {
 public:
  // `total` runs, of which `already` were finished before (a resumed sweep); `bar_allowed`:
  // draw a bar if stdout is a terminal.
  SweepProgress(std::size_t total, std::size_t already, bool quiet, bool bar_allowed);

  // One more run finished; `what` describes it ("run 12 (point 3, replicate 0) ok in 0.4 s").
  // Not thread-safe: callers hold their own lock.
  void finished(const std::string& what, bool ok);

  // Ends the bar's line (a terminal); call before printing anything else.
  void close();

 private:
  std::string eta() const;

  std::size_t total_, done_, already_, failed_ = 0;
  bool quiet_, terminal_;
  bool bar_drawn_ = false;
  std::chrono::steady_clock::time_point started_, last_line_;
};

}  // namespace repatsim::app

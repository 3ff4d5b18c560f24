// Sweeps across MPI ranks (README.md, "Sweeps on a cluster"): rank 0 coordinates, handing the
// next run to whichever worker asks and receiving its result; it alone keeps the journal and
// writes the sweep file (serial HDF5, SETUP.md). No MPI types in this header.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace repatsim::app {

// Whether an MPI launcher (mpirun/mpiexec of Open MPI, srun or another PMI launcher) started
// this process. Only then is MPI initialised, so that a plain `repatsim sweep` (and every
// sanitizer build's test) never touches MPI.
bool launched_by_mpi();

// MPI_Init_thread / MPI_Finalize around a sweep, errors returned rather than fatal. A sweep
// that has to stop early calls abort() instead of finishing the session.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ranks that share this rank's node (for the memory check).
  int ranks_on_node() const { return ranks_on_node_; }

  // Rank 0's `value` on every rank (a go/no-go decision).
  int broadcast(int value) const;

  // Ends every rank of the job with `exit_code` (MPI_Abort): for a signal or a failure on one
  // rank while the others are busy, where finishing the session would wait for them forever.
  [[noreturn]] void abort(int exit_code) const;

 private:
  int rank_ = 0, size_ = 1, ranks_on_node_ = 1;
};

// Rank 0: hands out `todo` (run indices, in order) to the other ranks, one run at a time to
// whichever asks, and calls on_result with each returned result (encode_run_result bytes) as it
// comes. Returns 0 when every run is back and every worker is told to stop, or the signal number
// if `signal` became non-zero first (the caller then aborts).
int coordinate_runs(const MpiSession& mpi, const std::vector<std::int64_t>& todo,
                    const std::function<void(std::vector<char>)>& on_result,
                    const std::atomic<int>& signal);

// Ranks other than 0: asks rank 0 for runs, executes each with run_one (which returns its
// encoded result) and sends the result back, until told to stop. Returns 0, or the signal number
// if `signal` became non-zero (run_one then returns an empty vector).
int serve_runs(const MpiSession& mpi, const std::function<std::vector<char>(std::int64_t)>& run_one,
               const std::atomic<int>& signal);

}  // namespace repatsim::app

#include "sim/app/sweep_mpi.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace repatsim::app {

namespace {

// Messages: a worker sends kReady (empty) once, then kResult (a result's bytes) after each run;
// rank 0 answers each with kWork: one int64, the run to do, or -1 to stop.
constexpr int kReady = 1, kResult = 2, kWork = 3;
constexpr std::int64_t kStop = -1;

// Waiting polls with short sleeps instead of blocking in MPI: a blocking call would spin a core
// (Open MPI busy-polls) that a worker on the same node needs, and could not notice a signal.
constexpr auto kPollPause = std::chrono::milliseconds(1);

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  fmt::print(stderr, "repatsim: MPI failed in {}: {}\n", what, std::string(text, static_cast<std::size_t>(length)));
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();  // MPI_Abort does not return
}

// Waits for a request; false if a signal arrived first (the request is then left pending: the
// caller aborts the job).
bool wait(MPI_Request& request, const std::atomic<int>& signal) {
  for (;;) {
    int done = 0;
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return true;
    if (signal.load() != 0) return false;
    std::this_thread::sleep_for(kPollPause);
  }
}

bool send_run(int worker, std::int64_t run, const std::atomic<int>& signal) {
  MPI_Request request;
  check(MPI_Isend(&run, 1, MPI_INT64_T, worker, kWork, MPI_COMM_WORLD, &request), "MPI_Isend");
  return wait(request, signal);
}

}  // namespace

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

MpiSession::MpiSession() {
  int provided = 0;
  // Only the main thread calls MPI; the runs' own threads (if any) never do.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  MPI_Comm node;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
  check(MPI_Comm_size(node, &ranks_on_node_), "MPI_Comm_size");
  MPI_Comm_free(&node);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

int MpiSession::broadcast(int value) const {
  check(MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
  return value;
}

void MpiSession::abort(int exit_code) const {
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort does not return; this keeps [[noreturn]] honest
}

int coordinate_runs(const MpiSession& mpi, const std::vector<std::int64_t>& todo,
                    const std::function<void(std::vector<char>)>& on_result,
                    const std::atomic<int>& signal) {
  std::size_t next = 0;
  int working = mpi.size() - 1;  // workers not yet told to stop
  std::vector<char> buffer;
  while (working > 0) {
    if (const int sig = signal.load(); sig != 0) return sig;
    int arrived = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
    if (!arrived) {
      std::this_thread::sleep_for(kPollPause);
      continue;
    }
    int count = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
    buffer.resize(static_cast<std::size_t>(count));
    check(MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
                   MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
    if (status.MPI_TAG == kResult) on_result(std::move(buffer));
    buffer.clear();
    const std::int64_t run = next < todo.size() ? todo[next++] : kStop;
    if (run == kStop) --working;
    if (!send_run(status.MPI_SOURCE, run, signal)) return signal.load();
  }
  return 0;
}

int serve_runs(const MpiSession& /*mpi*/,
               const std::function<std::vector<char>(std::int64_t)>& run_one,
               const std::atomic<int>& signal) {
  std::vector<char> message;  // empty: kReady
  int tag = kReady;
  for (;;) {
    MPI_Request request;
    check(MPI_Isend(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, tag,
                    MPI_COMM_WORLD, &request),
          "MPI_Isend");
    if (!wait(request, signal)) return signal.load();
    std::int64_t run = kStop;
    check(MPI_Irecv(&run, 1, MPI_INT64_T, 0, kWork, MPI_COMM_WORLD, &request), "MPI_Irecv");
    if (!wait(request, signal)) return signal.load();
    if (run == kStop) return 0;
    message = run_one(run);
    if (message.empty()) return signal.load();
    tag = kResult;
  }
}

}  // namespace repatsim::app

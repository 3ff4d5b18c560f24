#include "sim/app/stop_signal.hpp"

#include <csignal>

namespace repatsim::app {

std::atomic<int> g_stop_signal{0};  // global: a signal handler can reach nothing else

namespace {
extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }
}  // namespace

void catch_stop_signals() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

const char* stop_signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal";
}

}  // namespace repatsim::app

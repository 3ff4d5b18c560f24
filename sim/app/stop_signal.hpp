// SIGINT and SIGTERM ask `repatsim run` and `repatsim sweep` to stop cleanly: the handler only
// records the signal, and the work polls the flag between months (run_simulation's stop test)
// and between runs. One flag serves both commands.
#pragma once

#include <atomic>

namespace repatsim::app {

// 0 while no stop was asked; else the signal that asked (SIGINT or SIGTERM). A sweep also
// stores -1 to stop handing out runs after a failure of its own.
extern std::atomic<int> g_stop_signal;

// Installs the handler for SIGINT and SIGTERM that sets g_stop_signal.
void catch_stop_signals();

// "SIGINT", "SIGTERM" or "signal", for messages.
const char* stop_signal_name(int sig);

}  // namespace repatsim::app

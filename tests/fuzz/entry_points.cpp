#include "tests/fuzz/entry_points.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "output/run_file.hpp"
#include "output/sweep_file.hpp"
#include "scenarios/loader.hpp"
#include "sim/build_state.hpp"

namespace repatsim::fuzz {

namespace {

std::string g_base_text;  // scenarios/small.yaml, read once

[[noreturn]] void invariant_broken(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// A loaded scenario must survive what `run` does next, and its resolved YAML must load back to
// the same spec (the run file stores that text; `show` prints it).
void check_loaded(const LoadedScenario& loaded) {
  (void)check_spec(loaded.spec);
  try {
    const LoadedScenario again = load_scenario_text(loaded.resolved_yaml, "resolved");
    if (!(again.spec == loaded.spec)) invariant_broken("resolved YAML loads to another spec", loaded.resolved_yaml);
  } catch (const ScenarioError& e) {
    invariant_broken("resolved YAML does not load", std::string(e.what()) + "\n" + loaded.resolved_yaml);
  }
}

// A private file for the HDF5 readers, which take paths: in $REPATSIM_FUZZ_SCRATCH (the fuzz
// script's own folder, removed at its end: a crashed input leaves its file behind), else in
// /dev/shm when there is one (no disk traffic at thousands of inputs a second), else in the
// temporary folder; named by pid so parallel fuzz jobs do not collide.
std::filesystem::path scratch_file(const char* stem) {
  std::error_code ec;
  const char* chosen = std::getenv("REPATSIM_FUZZ_SCRATCH");
  std::filesystem::path dir = chosen != nullptr && *chosen != '\0'
                                  ? std::filesystem::path(chosen)
                              : std::filesystem::is_directory("/dev/shm", ec)
                                  ? std::filesystem::path("/dev/shm")
                                  : std::filesystem::temp_directory_path();
  return dir / (std::string(stem) + "." + std::to_string(::getpid()) + ".h5");
}

// Removed when the process ends, so that fuzzing leaves nothing behind in /dev/shm.
struct ScratchFile {
  std::filesystem::path path;
  explicit ScratchFile(const char* stem) : path(scratch_file(stem)) {}
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) invariant_broken("cannot write the scratch file", file.string());
}

}  // namespace

void set_base_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) invariant_broken("cannot read the base scenario", file.string());
  g_base_text = text.str();
}

void scenario_text(std::string_view text) {
  try {
    check_loaded(load_scenario_text(std::string(text), "fuzz.yaml"));
  } catch (const ScenarioError&) {
    // refused with diagnostics: the expected outcome for almost every input
  }
}

void set_overrides(std::string_view text) {
  if (g_base_text.empty()) invariant_broken("set_base_scenario was not called", "");
  std::vector<std::string> overrides;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    if (end > begin) overrides.emplace_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  try {
    check_loaded(load_scenario_text(g_base_text, "small.yaml", overrides));
  } catch (const ScenarioError&) {
  }
}

void run_file_bytes(std::string_view bytes) {
  static const ScratchFile scratch("repatsim_fuzz_run");
  const std::filesystem::path& file = scratch.path;
  write_bytes(file, bytes);
  try {
    (void)describe_run_file(file);
  } catch (const OutputError&) {
  }
  try {
    (void)read_run_file(file);
  } catch (const OutputError&) {
  }
}

void sweep_file_bytes(std::string_view bytes) {
  static const ScratchFile scratch("repatsim_fuzz_sweep");
  const std::filesystem::path& file = scratch.path;
  write_bytes(file, bytes);
  try {
    (void)read_sweep_file(file);
  } catch (const OutputError&) {
  }
}

}  // namespace repatsim::fuzz

// What each fuzz target does with one input, shared by the libFuzzer targets (clang, preset
// `fuzz`) and the plain regression test that replays every crash ever found (any compiler).
// Each function must return normally for any input: a refused input is fine (the documented
// exception is caught here), anything else - another exception, a crash, a sanitizer report,
// a broken invariant (abort) - is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace repatsim::fuzz {

// The whole input is a scenario's YAML text. Loaded, checked as the `run` command checks it;
// a scenario that loads must load again from its resolved YAML to an equal spec.
void scenario_text(std::string_view text);

// The input is `--set` arguments, one per line, applied in order to scenarios/small.yaml; an
// accepted result must round-trip like scenario_text's.
void set_overrides(std::string_view text);

// The input is the bytes of a file handed to `repatsim info` (describe_run_file and
// read_run_file) or to `repatsim merge` (read_sweep_file); only OutputError may come out.
void run_file_bytes(std::string_view bytes);
void sweep_file_bytes(std::string_view bytes);

// The scenario the --set target starts from; set once before the first input.
void set_base_scenario(const std::filesystem::path& file);

}  // namespace repatsim::fuzz

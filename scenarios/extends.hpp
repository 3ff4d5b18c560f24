// `extends: base.yaml`: a scenario written as changes to another. Paths are relative to the
// extending file; chains are followed, cycles are errors.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"

namespace repatsim::scenario_io {

// Reads `file` and every file it extends, merged (merge.hpp). nullopt if any of them could not
// be read; the problems are in `diagnostics`.
std::optional<DocNode> load_document(const std::filesystem::path& file, Diagnostics& diagnostics);

// The same for a tree already parsed; `directory` resolves a relative `extends`, and `chain`
// holds the files already being read (for cycle detection).
std::optional<DocNode> resolve_extends(DocNode document, const std::filesystem::path& directory,
                                       std::vector<std::filesystem::path> chain, Diagnostics& diagnostics);

}  // namespace repatsim::scenario_io

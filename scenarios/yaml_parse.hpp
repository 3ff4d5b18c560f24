// YAML text -> DocNode, with positions, duplicate-key checks and resource limits. The only
// reader of YAML text (yaml-cpp is included by yaml_parse.cpp alone).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"

namespace repatsim::scenario_io {

// Reads a whole file, refusing files over kMaxFileBytes. A problem is reported at `cited_at`
// (the `extends` that names the file) or, for the top file, at the file itself.
std::optional<std::string> read_text_file(const std::filesystem::path& file, const Mark& cited_at,
                                          const std::string& key_path, Diagnostics& diagnostics);

// Parses one YAML document. Syntax errors, duplicate keys, non-scalar keys, more than one
// document and the limits (kMaxNodes after alias expansion, kMaxDepth) become diagnostics;
// nullopt when the text could not be read as a tree at all.
std::optional<DocNode> parse_yaml_text(const std::string& text, const std::string& origin,
                                       Diagnostics& diagnostics);

}  // namespace repatsim::scenario_io

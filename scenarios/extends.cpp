#include "scenarios/extends.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "scenarios/merge.hpp"
#include "scenarios/yaml_parse.hpp"

namespace repatsim::scenario_io {

namespace fs = std::filesystem;

namespace {

fs::path identity(const fs::path& file) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(file, ec);
  return ec ? fs::absolute(file) : canonical;
}

std::optional<DocNode> load_in_chain(const fs::path& file, const Mark& cited_at, const std::string& key_path,
                                     std::vector<fs::path> chain, Diagnostics& diagnostics) {
  auto text = read_text_file(file, cited_at, key_path, diagnostics);
  if (!text) return std::nullopt;
  auto document = parse_yaml_text(*text, file.string(), diagnostics);
  if (!document) return std::nullopt;
  chain.push_back(identity(file));
  return resolve_extends(std::move(*document), file.parent_path(), std::move(chain), diagnostics);
}

}  // namespace

std::optional<DocNode> load_document(const fs::path& file, Diagnostics& diagnostics) {
  return load_in_chain(file, Mark{file.string(), 0, 0}, "", {}, diagnostics);
}

std::optional<DocNode> resolve_extends(DocNode document, const fs::path& directory,
                                       std::vector<fs::path> chain, Diagnostics& diagnostics) {
  if (!document.is_map()) return document;  // the validator says what was expected
  const DocNode* extends = document.find("extends");
  if (extends == nullptr) return document;

  DocNode reference = *extends;
  document.erase("extends");
  if (!reference.is_scalar() || reference.scalar.empty()) {
    diagnostics.error(reference.mark, "extends",
                      fmt::format("expected the path of a scenario file to extend, got {}", describe(reference)));
    return std::nullopt;
  }
  fs::path base = directory / reference.scalar;
  fs::path base_identity = identity(base);
  if (std::find(chain.begin(), chain.end(), base_identity) != chain.end()) {
    std::string cycle;
    for (const auto& file : chain) cycle += file.filename().string() + " -> ";
    diagnostics.error(reference.mark, "extends",
                      fmt::format("extends cycle: {}{}; a scenario cannot extend itself", cycle,
                                  base_identity.filename().string()));
    return std::nullopt;
  }
  if (static_cast<int>(chain.size()) >= kMaxExtendsChain) {
    diagnostics.error(reference.mark, "extends",
                      fmt::format("more than {} files in an extends chain", kMaxExtendsChain));
    return std::nullopt;
  }
  auto base_document = load_in_chain(base, reference.mark, "extends", chain, diagnostics);
  if (!base_document) return std::nullopt;
  if (!base_document->is_map()) {
    diagnostics.error(reference.mark, "extends",
                      fmt::format("'{}' does not hold a map of scenario keys", base.string()));
    return std::nullopt;
  }
  return merge(std::move(*base_document), std::move(document), {}, diagnostics);
}

}  // namespace repatsim::scenario_io

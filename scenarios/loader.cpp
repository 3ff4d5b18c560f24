// The loader's pipeline: read (with `extends`) -> apply `--set` -> validate -> write back.
#include "scenarios/loader.hpp"

#include "scenarios/diagnostics.hpp"
#include "scenarios/extends.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/read_spec.hpp"
#include "scenarios/spec_to_document.hpp"
#include "scenarios/yaml_emit.hpp"
#include "scenarios/yaml_parse.hpp"

namespace repatsim {

namespace {

using scenario_io::Diagnostics;
using scenario_io::DocNode;

LoadedScenario finish_loading(std::optional<DocNode> document, const std::vector<std::string>& overrides,
                              Diagnostics& diagnostics, std::filesystem::path source) {
  // A document that could not be read or merged yields nothing more worth saying.
  if (!document) throw ScenarioError(diagnostics.sorted());
  for (const auto& argument : overrides) scenario_io::apply_override(*document, argument, diagnostics);
  ScenarioSpec spec = scenario_io::read_scenario(*document, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(diagnostics.sorted());
  std::string resolved = scenario_io::emit_yaml(scenario_io::spec_to_document(spec));
  return LoadedScenario{std::move(spec), std::move(resolved), std::move(source)};
}

}  // namespace

LoadedScenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  Diagnostics diagnostics;
  auto document = scenario_io::load_document(file, diagnostics);
  return finish_loading(std::move(document), overrides, diagnostics, file);
}

LoadedScenario load_scenario_text(const std::string& yaml, const std::string& origin,
                                  const std::vector<std::string>& overrides) {
  Diagnostics diagnostics;
  auto document = scenario_io::parse_yaml_text(yaml, origin, diagnostics);
  if (document)
    document = scenario_io::resolve_extends(std::move(*document), std::filesystem::current_path(), {}, diagnostics);
  return finish_loading(std::move(document), overrides, diagnostics, origin);
}

}  // namespace repatsim

#include "scenarios/yaml_emit.hpp"

#include <yaml-cpp/yaml.h>

namespace repatsim::scenario_io {

namespace {

void emit(YAML::Emitter& out, const DocNode& node) {
  switch (node.kind) {
    case DocNode::Kind::null:
      out << YAML::Null;
      break;
    case DocNode::Kind::scalar:
      if (node.quoted) out << YAML::DoubleQuoted;
      out << node.scalar;
      break;
    case DocNode::Kind::list:
      if (node.flow) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    case DocNode::Kind::map:
      if (node.flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& entry : node.entries) {
        out << YAML::Key << entry.key << YAML::Value;
        emit(out, entry.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string emit_yaml(const DocNode& document) {
  YAML::Emitter out;
  emit(out, document);
  return std::string(out.c_str()) + "\n";
}

}  // namespace repatsim::scenario_io

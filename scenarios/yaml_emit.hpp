// DocNode -> YAML text (yaml-cpp's emitter; included by yaml_emit.cpp alone).
#pragma once

#include <string>

#include "scenarios/document.hpp"

namespace repatsim::scenario_io {

std::string emit_yaml(const DocNode& document);

}  // namespace repatsim::scenario_io

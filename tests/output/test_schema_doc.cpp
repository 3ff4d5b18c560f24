// output/SCHEMA.md documents every dataset, dimension and root attribute of schema version 1,
// with the units the writer gives them: the document cannot silently fall behind the code.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "output/schema.hpp"
#include "sim/types.hpp"

using namespace repatsim;
using Catch::Matchers::Contains;

namespace {
std::string schema_document() {
  std::ifstream in(REPATSIM_SCHEMA_MD);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
// fmt rather than "`" + name + "`": GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
std::string code(std::string_view name) { return fmt::format("`{}`", name); }
}  // namespace

TEST_CASE("SCHEMA.md lists every dataset with its units", "[output][schema]") {
  const std::string doc = schema_document();
  CHECK_THAT(doc, Contains(fmt::format("Schema version {}", schema::kVersion)));
  for (const auto& field : schema::kMonthFields) {
    INFO(field.name);
    CHECK_THAT(doc, Contains(code(field.name)));
    CHECK_THAT(doc, Contains(std::string(field.units)));
  }
  for (const auto& field : schema::kReportFields) {
    INFO(field.name);
    CHECK_THAT(doc, Contains(code(field.name)));
  }
  for (auto dim : schema::kDimNames) CHECK_THAT(doc, Contains(code(dim)));
  // The vocabularies are part of the file: a new flow or status must be documented.
  for (auto name : kStatusNames) CHECK_THAT(doc, Contains(code(name)));
  for (auto name : kFlowNames) CHECK_THAT(doc, Contains(code(name)));
  for (auto name : kRemittanceChannelNames) CHECK_THAT(doc, Contains(code(name)));
  for (auto name : kSectorNames) CHECK_THAT(doc, Contains(code(name)));
  for (const char* coordinate : {"month_index", "route_from", "route_to", "route_capacity"})
    CHECK_THAT(doc, Contains(code(coordinate)));
  for (const char* attribute :
       {"schema_version", "repatsim_version", "git_commit", "scenario_name", "scenario_yaml",
        "scenario_source", "seed", "threads", "start", "end", "months", "wall_time_s", "created",
        "command_line", "title", "conventions"})
    CHECK_THAT(doc, Contains(code(attribute)));
}

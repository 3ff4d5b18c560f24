// Every file in bad/ is refused with a diagnostic at the line and key path its first line
// names: "# expect: line <N>, <key.path>" ("-" for no key path). See bad/README.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "test_support.hpp"

using namespace repatsim;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  int line = 0;
  std::string key_path;
};

std::optional<Expectation> read_expectation(const fs::path& file) {
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  static const std::regex pattern(R"(^# expect: line (\d+), (\S+)\s*$)");
  std::smatch match;
  if (!std::regex_match(first, match, pattern)) return std::nullopt;
  return Expectation{std::stoi(match[1]), match[2] == "-" ? "" : std::string(match[2])};
}

}  // namespace

TEST_CASE("every malformed scenario in bad/ is refused at the expected line and key", "[loader][bad]") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(repatsim::testing::test_dir() / "bad"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 40);

  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    auto expected = read_expectation(file);
    REQUIRE(expected.has_value());  // a corpus file without its expectation is itself a bug
    auto diagnostics = repatsim::testing::errors_of_file(file);
    INFO(repatsim::testing::listing(diagnostics));
    REQUIRE_FALSE(diagnostics.empty());
    bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
      return d.line == expected->line && d.key_path == expected->key_path && d.file == file.string();
    });
    CHECK(found);
    for (const auto& d : diagnostics) CHECK_FALSE(d.message.empty());
  }
}

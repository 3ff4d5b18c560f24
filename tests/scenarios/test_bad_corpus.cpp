// Every file in bad/ is refused with a diagnostic at the line and key path its first line
// names: "# expect: line <N>, <key.path>" ("-" for no key path). See bad/README.md.
#include <catch2/catch.hpp>

#include <cctype>
#include <charconv>
#include <fstream>

#include "test_support.hpp"

using namespace repatsim;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  int line = 0;
  std::string key_path;
};

// Parses "# expect: line <N>, <key.path>" (std::regex is avoided: GCC 12 warns inside it under
// the sanitizer presets, whose warnings are errors).
std::optional<Expectation> read_expectation(const fs::path& file) {
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  const std::string prefix = "# expect: line ";
  if (first.rfind(prefix, 0) != 0) return std::nullopt;
  const std::size_t comma = first.find(", ", prefix.size());
  if (comma == std::string::npos) return std::nullopt;
  Expectation e;
  const char* begin = first.data() + prefix.size();
  const char* end = first.data() + comma;
  auto [ptr, ec] = std::from_chars(begin, end, e.line);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  std::string key = first.substr(comma + 2);
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
  if (key.empty() || key.find_first_of(" \t") != std::string::npos) return std::nullopt;
  e.key_path = key == "-" ? "" : key;
  return e;
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

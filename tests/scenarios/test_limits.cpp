// Absurd or unreadable input is refused quickly with a clear diagnostic.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <fstream>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::errors_of_file;
using repatsim::testing::errors_of_text;
using repatsim::testing::listing;

namespace {
std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("repatsim_test_" + name);
}
}  // namespace

TEST_CASE("an alias bomb is refused while it is expanded", "[loader][limits]") {
  // Nine levels of ten aliases each: 10^9 nodes once expanded, a few hundred bytes written.
  std::string yaml = "name: bomb\nseed: 1\nstart: 2017-01\nend: 2017-02\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 9; ++level) {
    yaml += fmt::format("a{0}: &a{0} [", level);
    for (int i = 0; i < 10; ++i) yaml += fmt::format("{}*a{}", i ? ", " : "", level - 1);
    yaml += "]\n";
  }
  auto begin = std::chrono::steady_clock::now();
  auto diagnostics = errors_of_text(yaml);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("more than 100000 YAML nodes"));
  CHECK(seconds < 5.0);
}

TEST_CASE("nesting deeper than 64 levels is refused", "[loader][limits]") {
  std::string yaml = "name: deep\ndescription: " + std::string(100, '[') + std::string(100, ']') + "\n";
  auto diagnostics = errors_of_text(yaml);
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("nesting deeper than 64"));
  CHECK(diagnostics[0].line == 2);
  // Far deeper than that is stopped by yaml-cpp's own guard, as a syntax error, not a crash.
  auto very_deep = errors_of_text("a: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  REQUIRE(very_deep.size() == 1);
}

TEST_CASE("a file over 16 MiB is refused before it is parsed", "[loader][limits]") {
  auto file = temp_file("huge.yaml");
  {
    std::ofstream out(file);
    std::string comment = "# " + std::string(1022, 'x') + "\n";
    for (int i = 0; i < 17 * 1024; ++i) out << comment;
  }
  auto diagnostics = errors_of_file(file);
  std::filesystem::remove(file);
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("at most 16777216 bytes"));
}

TEST_CASE("more than 100000 nodes are refused", "[loader][limits]") {
  std::string yaml = "name: wide\ndescription: [";
  for (int i = 0; i < 100001; ++i) yaml += "0,";
  yaml += "0]\n";
  auto diagnostics = errors_of_text(yaml);
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("more than 100000"));
}

TEST_CASE("a missing file, a syntax error and several documents are diagnostics", "[loader][limits]") {
  auto missing = errors_of_file("/nonexistent/scenario.yaml");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].file == "/nonexistent/scenario.yaml");
  CHECK_THAT(missing[0].message, Catch::Contains("no such file"));

  auto syntax = errors_of_text("name: x\nhosts: [a, b\nseed: 1\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].line >= 2);
  CHECK_THAT(syntax[0].message, Catch::Contains("YAML syntax error"));

  auto documents = errors_of_text("name: x\n---\nname: y\n");
  const Diagnostic* second = nullptr;
  for (const auto& d : documents)
    if (d.message.find("a scenario is one document") != std::string::npos) second = &d;
  REQUIRE(second != nullptr);
  CHECK(second->line == 3);  // where the second document begins
}

TEST_CASE("an empty file reports the required keys", "[loader][limits]") {
  auto diagnostics = errors_of_text("");
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 5);  // name, seed, start, end, hosts
  CHECK(diagnostics[0].line == 1);
}

TEST_CASE("text that is not UTF-8 is refused at the first bad byte", "[loader][limits]") {
  // Found by fuzzing: yaml-cpp reads such bytes but writes them differently, so the resolved
  // YAML would not load back to the same scenario.
  auto diagnostics = errors_of_text("name: x\ndescription: caf\xe9 au lait\n");
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].line == 2);
  CHECK(diagnostics[0].column == 17);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("not UTF-8"));
  // Overlong forms, surrogates and truncated sequences too; real UTF-8 passes.
  for (const char* bad : {"a: \xc0\xaf\n", "a: \xed\xa0\x80\n", "a: \xf4\x90\x80\x80\n", "a: \xe2\x82\n"})
    CHECK_THAT(listing(errors_of_text(bad)), Catch::Contains("not UTF-8"));
  CHECK_THAT(listing(errors_of_text("name: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n")),
             !Catch::Contains("not UTF-8"));
}

TEST_CASE("an extends chain longer than 16 files is refused", "[loader][limits][extends]") {
  // 20 files, each extending the next: the 17th link is refused where it is named.
  const auto dir = temp_file("chain");
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 20; ++i) {
    std::ofstream out(dir / fmt::format("f{}.yaml", i));
    out << fmt::format("extends: f{}.yaml\nname: link{}\n", i + 1, i);
  }
  std::ofstream(dir / "f20.yaml") << "name: end\n";
  auto diagnostics = errors_of_file(dir / "f0.yaml");
  std::filesystem::remove_all(dir);
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].key_path == "extends");
  CHECK_THAT(diagnostics[0].message, Catch::Contains("more than 16 files in an extends chain"));
}

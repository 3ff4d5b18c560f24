// Writes a synthetic run file (stocks obeying the stock-flow identity) for the pytest checks of
// the file format: write_synthetic_run <path>.
#include <cstdio>
#include <exception>

#include "output/run_file.hpp"
#include "tests/output/synthetic_run.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <run file to write>\n", argv[0]);
    return 2;
  }
  try {
    using namespace repatsim::testing;
    repatsim::write_run_file(argv[1], make_synthetic_run({.hosts = 4, .routes = 3, .months = 30}),
                             make_synthetic_metadata(), true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}

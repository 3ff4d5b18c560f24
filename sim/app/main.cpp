// The `repatsim` command line: parses arguments (CLI11) and hands them to a subcommand.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/app/commands.hpp"
#include "sim/app/sweep.hpp"
#include "sim/version.hpp"

int main(int argc, char** argv) {
  using namespace repatsim::app;
  CLI::App cli{"repatsim: agent-based simulation of the repatriation of DPRK overseas workers under "
               "UN Security Council resolutions 2371, 2375 and 2397"};
  cli.set_version_flag("--version", fmt::format("repatsim {} (commit {})", repatsim::kVersion,
                                                repatsim::kGitCommit));
  cli.require_subcommand(1);

  RunOptions run;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) run.command_line += ' ';
    run.command_line += argv[i];
  }
  auto* run_cmd = cli.add_subcommand("run", "Run a scenario and write its HDF5 run file");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--set", run.overrides, "Override a scenario key: key.path=value (repeatable)");
  run_cmd->add_option("-o,--output", run.output,
                      "Output file (default: the scenario's output.path, else output/<name>.h5)");
  run_cmd->add_flag("-f,--force", run.force, "Replace an existing output file");
  run_cmd->add_option("-t,--threads", run.threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1, 4096));
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing but errors");

  std::vector<std::string> files, overrides;
  auto* validate_cmd = cli.add_subcommand("validate", "Check scenario files; report every problem");
  validate_cmd->add_option("files", files, "Scenario YAML files")->required();
  validate_cmd->add_option("--set", overrides, "Override a scenario key: key.path=value (repeatable)");

  std::string file;
  auto* show_cmd = cli.add_subcommand("show", "Print the fully resolved scenario as YAML");
  show_cmd->add_option("file", file, "Scenario YAML file")->required();
  show_cmd->add_option("--set", overrides, "Override a scenario key: key.path=value (repeatable)");

  auto* info_cmd = cli.add_subcommand("info", "Summarise a run file");
  info_cmd->add_option("file", file, "HDF5 run file")->required();

  SweepOptions sweep;
  auto* sweep_cmd = cli.add_subcommand("sweep", "Run every point and replicate of a parameter sweep "
                                                "into one HDF5 file");
  sweep_cmd->add_option("sweep_file", sweep.sweep_file, "Sweep YAML file")->required()->check(CLI::ExistingFile);
  sweep_cmd->add_option("-o,--output", sweep.output, "Output sweep file (HDF5)")->required();
  sweep_cmd->add_option("-t,--threads", sweep.threads, "Runs at a time (default: every core)")
      ->check(CLI::Range(1, 4096));
  sweep_cmd->add_flag("-f,--force", sweep.force, "Replace an existing output file");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "Print nothing but errors");
  sweep_cmd->add_option("--shard", sweep.shard,
                        "K/N: run only the runs whose index % N == K-1 (merge the shards after)");

  std::vector<std::string> shard_files;
  std::string merge_output;
  bool merge_force = false;
  auto* merge_cmd = cli.add_subcommand("merge", "Join the shard files of one sweep into its sweep file");
  merge_cmd->add_option("shards", shard_files, "Shard files (repatsim sweep --shard K/N)")->required();
  merge_cmd->add_option("-o,--output", merge_output, "Output sweep file (HDF5)")->required();
  merge_cmd->add_flag("-f,--force", merge_force, "Replace an existing output file");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (*run_cmd) return run_command(run);
  if (*validate_cmd) return validate_command(files, overrides);
  if (*show_cmd) return show_command(file, overrides);
  if (*info_cmd) return info_command(file);
  if (*sweep_cmd) return sweep_command(sweep);
  if (*merge_cmd) return merge_command(shard_files, merge_output, merge_force);
  return kExitBadInput;
}

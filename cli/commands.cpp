#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "api/memory_check.hpp"
#include "api/run_scenario.hpp"
#include "api/variants.hpp"
#include "civicsim/version.hpp"
#include "cli/evaluate_command.hpp"
#include "cli/run_command.hpp"
#include "engine/core/data_dir.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/output_target.hpp"
#include "engine/population/linked_csv.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/simulation.hpp"
#include "outputs/atomic_text.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/observed_fit.hpp"
#include "outputs/result_summary.hpp"

namespace civicsim::cli {
namespace {

constexpr int kExitInvalidInput = 2;
constexpr int kExitFailure = 1;

void print_input_errors(const InputError& e) {
  const auto& list = e.diagnostics();
  std::fprintf(stderr, "civicsim: %zu error%s in the input:\n", list.size(), list.size() == 1 ? "" : "s");
  for (const auto& d : list) std::fprintf(stderr, "  error: %s\n", d.to_string().c_str());
}

std::string join_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"civicsim: a population-health simulation engine for the Liverpool City Region"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("civicsim ") + kEngineVersion);

  RunOptions run;
  run.command_line = join_args(argc, argv);
  uint64_t seed = 0;
  double scale = 0;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write its results to one HDF5 file");
  run_cmd->add_option("scenario", run.scenario, "Scenario JSON file")->required();
  run_cmd->add_option("--out", run.out, "Result file (default: the scenario's outputs.file)");
  run_cmd->add_option("--threads", run.threads, "OpenMP threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* seed_opt = run_cmd->add_option("--seed", seed, "Override the scenario's seed");
  auto* scale_opt = run_cmd->add_option("--scale", scale, "Override population.scale (e.g. 0.05)");
  run_cmd->add_flag("--quiet", run.quiet, "No progress bar");
  run_cmd->add_flag("--one-way", run.one_way,
                    "Also run the scenario's one-way sensitivity analysis (uncertainty/one_way): each "
                    "number at its low and high value, into <out>.one_way/");

  std::string validate_file;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file; exit 0 if valid, 2 if not");
  validate_cmd->add_option("scenario", validate_file, "Scenario JSON file")->required();

  auto* schema_cmd = app.add_subcommand("schema", "Print every scenario field: type, unit, range, default");

  std::string info_file;
  auto* info_cmd = app.add_subcommand("info", "Summarise a result file");
  info_cmd->add_option("file", info_file, "civicsim HDF5 result file")->required();

  std::string observed_file, observed_out;
  std::string observed_targets = (default_data_dir() / "lcr" / "observed_targets.csv").string();
  auto* observed_cmd = app.add_subcommand(
      "observed", "Compare a result file with observed LCR figures: the validation table");
  observed_cmd->add_option("file", observed_file, "civicsim HDF5 result file")->required();
  observed_cmd->add_option("--targets", observed_targets,
                           "Observed figures (CSV; default: " + observed_targets + ")");
  observed_cmd->add_option("--out", observed_out, "Also write the Markdown table to this file");

  EvaluateOptions evaluate;
  auto* evaluate_cmd = app.add_subcommand(
      "evaluate", "Evaluate option runs against a baseline run: report, CSV tables, HDF5");
  evaluate_cmd->add_option("baseline", evaluate.baseline, "Baseline result file")->required();
  evaluate_cmd->add_option("options", evaluate.options, "Option result files (one or more)")
      ->required();
  evaluate_cmd->add_option("--out", evaluate.out, "Output folder (default results/evaluation)");
  evaluate_cmd
      ->add_option("--discounting", evaluate.settings.discounting,
                   "green_book (default: 3.5% costs, 1.5% health), nice (3.5%/3.5%) or custom")
      ->check(CLI::IsMember({"green_book", "nice", "custom"}));
  evaluate_cmd->add_option("--cost-rate", evaluate.settings.cost_rate,
                           "Discount rate for costs with --discounting custom")
      ->check(CLI::Range(0.0, 1.0));
  evaluate_cmd->add_option("--health-rate", evaluate.settings.health_rate,
                           "Discount rate for QALYs with --discounting custom")
      ->check(CLI::Range(0.0, 1.0));
  evaluate_cmd
      ->add_option("--price-year", evaluate.settings.price_year,
                   "Move all money to this year's prices with the runs' price index (default: "
                   "the scenarios' prices/year)")
      ->check(CLI::Range(1800, 2200));
  evaluate_cmd->add_option("--thresholds", evaluate.settings.thresholds,
                           "Willingness to pay per QALY (default 20000 30000 70000)");
  evaluate_cmd->add_option("--question", evaluate.settings.question, "The question, for the report");
  evaluate_cmd->add_option("--suppress-below", evaluate.settings.disclosure_threshold,
                           "Linked-data populations: suppress counts below this (default 10)")
      ->check(CLI::Range(1, 1000000));
  evaluate_cmd
      ->add_option("--min-replications", evaluate.settings.min_replications,
                   "Fewest replications for ranges and the acceptability curve (default: the "
                   "baseline's appraisal.min_replications_for_ranges, else 10)")
      ->check(CLI::Range(1, 1000000));
  evaluate_cmd->add_flag("--quiet", evaluate.quiet, "No summary on stdout");

  std::string export_scenario, export_dir;
  uint64_t export_seed = 0;
  double export_scale = 0;
  auto* pop_cmd = app.add_subcommand("population", "Population tools");
  pop_cmd->require_subcommand(1);
  auto* export_cmd = pop_cmd->add_subcommand(
      "export", "Write a scenario's starting population as households.csv and persons.csv");
  export_cmd->add_option("scenario", export_scenario, "Scenario JSON file")->required();
  export_cmd->add_option("dir", export_dir, "Output folder")->required();
  auto* export_seed_opt = export_cmd->add_option("--seed", export_seed, "Override the scenario's seed");
  auto* export_scale_opt = export_cmd->add_option("--scale", export_scale, "Override population.scale");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitInvalidInput;
  }

  // A SIGTERM, SIGINT or SIGHUP removes the temporary files of writes in flight and exits with
  // 128 + the signal (engine/core/output_target.hpp).
  install_signal_cleanup();
  try {
    if (*run_cmd) {
      if (*seed_opt) run.seed = seed;
      if (*scale_opt) run.scale = scale;
      return run_scenario_command(run);
    }
    if (*validate_cmd) {
      const Scenario s = load_scenario(validate_file);
      // validate builds the population: one that cannot fit is refused before it is built.
      if (auto problem = memory_problem(s, estimate_population_memory(s)))
        throw InputError(*problem);
      // Conditions and tables are checked against the population's attributes, as `run` does.
      const Population population = build_population(s.population, s.seed, s.start);
      const DemographyRates rates = load_demography_rates(s.population.data_dir, population);
      const Simulation checked(s, population, rates);
      check_variants_and_draws(checked, s, population, rates, /*one_way=*/true);
      // The scenario is valid even where this machine is too small to run it: a warning only.
      if (auto problem = memory_problem(s, estimate_run_memory(s, population, checked)))
        std::fprintf(stderr, "civicsim: warning: %s\n", problem->to_string().c_str());
      std::printf("%s: valid (scenario '%s', %d steps of %d month%s from %s)\n", validate_file.c_str(),
                  s.name.c_str(), s.steps(), s.step_months, s.step_months == 1 ? "" : "s",
                  s.start.to_string().c_str());
      return 0;
    }
    if (*schema_cmd) {
      std::fputs(scenario_schema_text().c_str(), stdout);
      return 0;
    }
    if (*info_cmd) {
      std::fputs(describe_results(read_results(info_file)).c_str(), stdout);
      return 0;
    }
    if (*evaluate_cmd) return evaluate_command(evaluate);
    if (*observed_cmd) {
      if (!observed_out.empty()) check_file_target(observed_out);
      const ResultFile r = read_results(observed_file);
      const auto rows = compare_with_observed(r.results, observed_file,
                                              read_observed_targets(observed_targets));
      const std::string table = fit_table_markdown(rows, observed_file, r.results.replications);
      std::fputs(table.c_str(), stdout);
      if (!observed_out.empty()) write_text_atomically(observed_out, table);
      return 0;
    }
    if (*export_cmd) {
      std::optional<uint64_t> s;
      std::optional<double> f;
      if (*export_seed_opt) s = export_seed;
      if (*export_scale_opt) f = export_scale;
      check_linked_csv_targets(export_dir);
      const Scenario scenario = load_scenario(export_scenario, seed_scale_overrides(s, f));
      if (auto problem = memory_problem(scenario, estimate_population_memory(scenario)))
        throw InputError(*problem);
      const Population population = build_population(scenario.population, scenario.seed, scenario.start);
      write_linked_csv(population, export_dir, scenario.start);
      std::printf("wrote %s/households.csv and %s/persons.csv (%zu persons, %zu households)\n",
                  export_dir.c_str(), export_dir.c_str(), population.living_persons(),
                  population.occupied_households());
      return 0;
    }
  } catch (const InputError& e) {
    print_input_errors(e);
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "civicsim: error: %s\n", e.what());
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace civicsim::cli

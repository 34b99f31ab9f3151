#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>

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
  std::fprintf(stderr, "civicsim: %zu error%s in the input:\n", list.size(),
               list.size() == 1 ? "" : "s");
  for (const auto& d : list) std::fprintf(stderr, "  error: %s\n", d.to_string().c_str());
}

std::string join_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

// Each subcommand: the App CLI11 fills, and the values of its arguments.
struct RunArgs {
  CLI::App* cmd = nullptr;
  RunOptions options;
  uint64_t seed = 0;
  double scale = 0;
  int replications = 0;
  CLI::Option* seed_opt = nullptr;
  CLI::Option* scale_opt = nullptr;
  CLI::Option* replications_opt = nullptr;
};
struct FileArgs {  // validate, info
  CLI::App* cmd = nullptr;
  std::string file;
};
struct ObservedArgs {
  CLI::App* cmd = nullptr;
  std::string file, out;
  std::string targets = (default_data_dir() / "lcr" / "observed_targets.csv").string();
};
struct EvaluateArgs {
  CLI::App* cmd = nullptr;
  EvaluateOptions options;
};
struct ExportArgs {
  CLI::App* cmd = nullptr;
  std::string scenario, dir;
  uint64_t seed = 0;
  double scale = 0;
  CLI::Option* seed_opt = nullptr;
  CLI::Option* scale_opt = nullptr;
};
struct CommandLine {
  RunArgs run;
  FileArgs validate;
  CLI::App* schema = nullptr;
  FileArgs info;
  ObservedArgs observed;
  EvaluateArgs evaluate;
  ExportArgs population_export;
};

void add_run(CLI::App& app, RunArgs& a) {
  a.cmd = app.add_subcommand("run", "Run a scenario and write its results to one HDF5 file");
  a.cmd->add_option("scenario", a.options.scenario, "Scenario JSON file")->required();
  a.cmd->add_option("--out", a.options.out, "Result file (default: the scenario's outputs.file)");
  a.cmd->add_option("--threads", a.options.threads, "OpenMP threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  a.seed_opt = a.cmd->add_option("--seed", a.seed, "Override the scenario's seed");
  a.scale_opt = a.cmd->add_option("--scale", a.scale, "Override population.scale (e.g. 0.05)");
  // Checked as the scenario's own /replications is (range, and the memory the run needs).
  a.replications_opt =
      a.cmd->add_option("--replications", a.replications, "Override the scenario's replications");
  a.cmd->add_flag("--quiet", a.options.quiet, "No progress bar");
  a.cmd->add_flag(
      "--one-way", a.options.one_way,
      "Also run the scenario's one-way sensitivity analysis (uncertainty/one_way): each "
      "number at its low and high value, into <out>.one_way/");
}

void add_file_commands(CLI::App& app, CommandLine& c) {
  c.validate.cmd =
      app.add_subcommand("validate", "Check a scenario file; exit 0 if valid, 2 if not");
  c.validate.cmd->add_option("scenario", c.validate.file, "Scenario JSON file")->required();

  c.schema = app.add_subcommand("schema", "Print every scenario field: type, unit, range, default");

  c.info.cmd = app.add_subcommand("info", "Summarise a result file");
  c.info.cmd->add_option("file", c.info.file, "civicsim HDF5 result file")->required();
}

void add_observed(CLI::App& app, ObservedArgs& a) {
  a.cmd = app.add_subcommand(
      "observed", "Compare a result file with observed LCR figures: the validation table");
  a.cmd->add_option("file", a.file, "civicsim HDF5 result file")->required();
  a.cmd->add_option("--targets", a.targets, "Observed figures (CSV; default: " + a.targets + ")");
  a.cmd->add_option("--out", a.out, "Also write the Markdown table to this file");
}

void add_evaluate(CLI::App& app, EvaluateArgs& a) {
  EvaluateOptions& e = a.options;
  a.cmd = app.add_subcommand(
      "evaluate", "Evaluate option runs against a baseline run: report, CSV tables, HDF5");
  a.cmd->add_option("baseline", e.baseline, "Baseline result file")->required();
  a.cmd->add_option("options", e.options, "Option result files (one or more)")->required();
  a.cmd->add_option("--out", e.out, "Output folder (default results/evaluation)");
  a.cmd
      ->add_option("--discounting", e.settings.discounting,
                   "nice (3.5% costs and health), green_book (3.5% costs, 1.5% health, declining "
                   "after 30 years) or custom (default: the baseline's appraisal/discounting/"
                   "rates, else nice)")
      ->check(CLI::IsMember({"green_book", "nice", "custom"}));
  a.cmd
      ->add_option("--cost-rate", e.settings.cost_rate,
                   "Discount rate for costs with --discounting custom (default 0.035)")
      ->check(CLI::Range(0.0, 1.0));
  a.cmd
      ->add_option("--health-rate", e.settings.health_rate,
                   "Discount rate for QALYs and life-years with --discounting custom (default "
                   "0.035)")
      ->check(CLI::Range(0.0, 1.0));
  a.cmd
      ->add_option("--state-rewards", e.settings.state_rewards,
                   "Which time points a cycle's state rewards come from: start_of_cycle, "
                   "end_of_cycle, half_cycle (the half-cycle correction) or simpson (Simpson's "
                   "1/3 rule) (default: the baseline's appraisal/discounting, else half_cycle)")
      ->check(CLI::IsMember({"start_of_cycle", "end_of_cycle", "half_cycle", "simpson"}));
  a.cmd->add_option("--cycle-zero", e.settings.cycle_zero,
                    "true: with end_of_cycle, also count the state at time 0 (rewards at every "
                    "time point 0..T) (default false)");
  a.cmd
      ->add_option("--discount-time", e.settings.discount_time,
                   "When a reward is discounted: elapsed (at the time it falls), cycle_start (by "
                   "cycle number, from the cycle's start) or year (by whole appraisal years) "
                   "(default: the baseline's appraisal/discounting, else elapsed)")
      ->check(CLI::IsMember({"elapsed", "cycle_start", "year"}));
  a.cmd
      ->add_option("--price-year", e.settings.price_year,
                   "Move all money to this year's prices with the runs' price index (default: "
                   "the scenarios' prices/year)")
      ->check(CLI::Range(1800, 2200));
  a.cmd->add_option("--thresholds", e.settings.thresholds,
                    "Willingness to pay per QALY (default 20000 30000 70000)");
  a.cmd->add_option("--question", e.settings.question, "The question, for the report");
  a.cmd
      ->add_option("--suppress-below", e.settings.disclosure_threshold,
                   "Linked-data populations: suppress counts below this (default 10)")
      ->check(CLI::Range(1, 1000000));
  a.cmd
      ->add_option("--min-replications", e.settings.min_replications,
                   "Fewest replications for ranges and the acceptability curve (default: the "
                   "baseline's appraisal.min_replications_for_ranges, else 10)")
      ->check(CLI::Range(1, 1000000));
  a.cmd->add_flag("--quiet", e.quiet, "No summary on stdout");
}

void add_population_export(CLI::App& app, ExportArgs& a) {
  auto* pop_cmd = app.add_subcommand("population", "Population tools");
  pop_cmd->require_subcommand(1);
  a.cmd = pop_cmd->add_subcommand(
      "export", "Write a scenario's starting population as households.csv and persons.csv");
  a.cmd->add_option("scenario", a.scenario, "Scenario JSON file")->required();
  a.cmd->add_option("dir", a.dir, "Output folder")->required();
  a.seed_opt = a.cmd->add_option("--seed", a.seed, "Override the scenario's seed");
  a.scale_opt = a.cmd->add_option("--scale", a.scale, "Override population.scale");
}

// Parses the arguments into the values the subcommands were given; an exit status when the program
// ends here (help, version, an argument error), else nothing.
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
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
  return std::nullopt;
}

int run(RunArgs& a) {
  if (*a.seed_opt) a.options.seed = a.seed;
  if (*a.scale_opt) a.options.scale = a.scale;
  if (*a.replications_opt) a.options.replications = a.replications;
  return run_scenario_command(a.options);
}

int validate(const std::string& file) {
  const Scenario s = load_scenario(file);
  // validate builds the population: one that cannot fit is refused before it is built.
  if (auto problem = memory_problem(s, estimate_population_memory(s))) throw InputError(*problem);
  // Conditions and tables are checked against the population's attributes, as `run` does.
  const Population population = build_population(s.population, s.seed, s.start);
  const DemographyRates rates = load_demography_rates(s.population.data_dir, population);
  const Simulation checked(s, population, rates);
  check_variants_and_draws(checked, s, population, rates, /*one_way=*/true);
  // The scenario is valid even where this machine is too small to run it: a warning only.
  if (auto problem = memory_problem(s, estimate_run_memory(s, population, checked)))
    std::fprintf(stderr, "civicsim: warning: %s\n", problem->to_string().c_str());
  std::printf("%s: valid (scenario '%s', %d steps of %d month%s from %s)\n", file.c_str(),
              s.name.c_str(), s.steps(), s.step_months, s.step_months == 1 ? "" : "s",
              s.start.to_string().c_str());
  return 0;
}

int observed(const ObservedArgs& a) {
  if (!a.out.empty()) check_file_target(a.out);
  const ResultFile r = read_results(a.file);
  const auto rows = compare_with_observed(r.results, a.file, read_observed_targets(a.targets));
  const std::string table = fit_table_markdown(rows, a.file, r.results.replications);
  std::fputs(table.c_str(), stdout);
  if (!a.out.empty()) write_text_atomically(a.out, table);
  return 0;
}

int population_export(const ExportArgs& a) {
  std::optional<uint64_t> s;
  std::optional<double> f;
  if (*a.seed_opt) s = a.seed;
  if (*a.scale_opt) f = a.scale;
  check_linked_csv_targets(a.dir);
  const Scenario scenario = load_scenario(a.scenario, seed_scale_overrides(s, f));
  if (f) check_scale_applies(scenario, *f);
  if (auto problem = memory_problem(scenario, estimate_population_memory(scenario)))
    throw InputError(*problem);
  const Population population =
      build_population(scenario.population, scenario.seed, scenario.start);
  write_linked_csv(population, a.dir, scenario.start);
  std::printf("wrote %s/households.csv and %s/persons.csv (%zu persons, %zu households)\n",
              a.dir.c_str(), a.dir.c_str(), population.living_persons(),
              population.occupied_households());
  return 0;
}

// Runs the subcommand given; InputError and other exceptions are the caller's.
int dispatch(CommandLine& c) {
  if (*c.run.cmd) return run(c.run);
  if (*c.validate.cmd) return validate(c.validate.file);
  if (*c.schema) {
    std::fputs(scenario_schema_text().c_str(), stdout);
    return 0;
  }
  if (*c.info.cmd) {
    std::fputs(describe_results(read_results(c.info.file)).c_str(), stdout);
    return 0;
  }
  if (*c.evaluate.cmd) return evaluate_command(c.evaluate.options);
  if (*c.observed.cmd) return observed(c.observed);
  if (*c.population_export.cmd) return population_export(c.population_export);
  return kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"civicsim: a population-health simulation engine for the Liverpool City Region"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("civicsim ") + kEngineVersion);
  CommandLine c;
  c.run.options.command_line = join_args(argc, argv);
  add_run(app, c.run);
  add_file_commands(app, c);
  add_observed(app, c.observed);
  add_evaluate(app, c.evaluate);
  add_population_export(app, c.population_export);
  if (const std::optional<int> exit = parse(app, argc, argv)) return *exit;

  // A SIGTERM, SIGINT or SIGHUP removes the temporary files of writes in flight and exits with
  // 128 + the signal (engine/core/output_target.hpp).
  install_signal_cleanup();
  try {
    return dispatch(c);
  } catch (const InputError& e) {
    print_input_errors(e);
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "civicsim: error: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace civicsim::cli

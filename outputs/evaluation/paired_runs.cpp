#include "outputs/evaluation/paired_runs.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/core/input_error.hpp"
#include "engine/scenario/json_input.hpp"
#include "outputs/evaluation/appraisal_settings.hpp"
#include "outputs/evaluation/option_flows.hpp"

namespace civicsim::evaluation {

Run read_run(const std::filesystem::path& file) {
  // Only the margins the evaluation uses (option_flows.hpp): a few numbers per step and group.
  const ReadOptions only_margins{[](const std::string&) { return false; }, /*margins=*/true,
                                 is_evaluated_margin};
  Run run;
  run.file = file.string();
  run.data = read_results(file, only_margins);
  run.scenario = parse_stored_json(run.data.meta.scenario_json);
  const nlohmann::json& scenario = run.scenario;
  run.name = run.data.identity.scenario_name;
  if (scenario.is_object()) {
    if (scenario.contains("label") && scenario["label"].is_string()) run.label = scenario["label"];
    run.sampling_fraction = sampling_fraction(scenario, run.file);
    run.description = scenario.value("description", "");
    run.assumptions = scenario.value("assumptions", "");
    if (const auto it = scenario.find("not_counted"); it != scenario.end() && it->is_array())
      for (const nlohmann::json& s : *it)
        if (s.is_string()) run.not_counted.push_back(s.get<std::string>());
    // Files written before prices existed have none: their costs are as stated.
    if (scenario.contains("prices")) run.prices = bind_prices(scenario.at("prices"));
  }
  return run;
}

void check_comparable(const Run& baseline, const Run& option, DiagnosticList& errors,
                      std::optional<int> replications) {
  const RunIdentity& b = baseline.data.identity;
  const RunIdentity& o = option.data.identity;
  const auto differ = [&](const char* field, const std::string& want, const std::string& got) {
    if (want != got)
      errors.add(option.file, std::string("/") + field,
                 want + " as in the baseline " + baseline.file, got);
  };
  differ("population_fingerprint", b.population_fingerprint, o.population_fingerprint);
  differ("population_source", b.population_source, o.population_source);
  differ("start", b.start, o.start);
  differ("step_months", std::to_string(b.step_months), std::to_string(o.step_months));
  differ("steps", std::to_string(b.steps), std::to_string(o.steps));
  differ("seed", std::to_string(b.seed), std::to_string(o.seed));
  differ("replications", std::to_string(replications.value_or(b.replications)),
         std::to_string(o.replications));
  differ("meta/scenario_json/population/scale", nlohmann::json(baseline.sampling_fraction).dump(),
         nlohmann::json(option.sampling_fraction).dump());
  const auto year_text = [](const PriceBasis& p) {
    return p.year ? std::to_string(*p.year)
                  : std::string("none (costs as their sources state them)");
  };
  differ("meta/scenario_json/prices/year", year_text(baseline.prices), year_text(option.prices));
  if (baseline.prices.year && baseline.prices.index != option.prices.index)
    errors.add(option.file, "/meta/scenario_json/prices/deflator",
               "the price index of the baseline " + baseline.file + " (" +
                   baseline.prices.deflator_source + ")",
               "another index (" + option.prices.deflator_source + ")");
}

Run first_replications(const Run& run, int n) {
  Run out = run;
  if (run.data.identity.replications <= n) return out;
  for (RunResults* r : {&out.data.results, &out.data.margins}) {
    for (auto& series : r->values)
      if (series.size() > static_cast<size_t>(n)) series.resize(static_cast<size_t>(n));
    r->replications = std::min(r->replications, n);
  }
  out.data.identity.replications = n;
  return out;
}

namespace {

// Every leaf of a JSON value by its pointer ("" for a scalar at the top).
void leaves(const nlohmann::json& j, const std::string& at,
            std::map<std::string, nlohmann::json>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) leaves(v, at + "/" + k, out);
  } else {
    out[at] = j;
  }
}

// The appraisal settings are the baseline's: an option that declares others is an error per field.
void check_same_appraisal(const Run& baseline, const Run& option, DiagnosticList& errors) {
  const auto appraisal = [](const Run& r) {
    std::map<std::string, nlohmann::json> out;
    if (r.scenario.is_object() && r.scenario.contains("appraisal"))
      leaves(r.scenario["appraisal"], "/appraisal", out);
    // A file resolved before payers had sectors is evaluated with the defaults: compare it so.
    for (const auto& [payer, sector] : default_payer_sectors())
      out.emplace("/appraisal/payer_sectors/" + payer, to_string(sector));
    return out;
  };
  const auto b = appraisal(baseline), o = appraisal(option);
  std::map<std::string, bool> fields;
  for (const auto& [k, v] : b) fields[k] = true;
  for (const auto& [k, v] : o) fields[k] = true;
  for (const auto& [field, unused] : fields) {
    const auto bi = b.find(field), oi = o.find(field);
    const std::string want = bi == b.end() ? "absent" : bi->second.dump();
    const std::string got = oi == o.end() ? "absent" : oi->second.dump();
    if (want != got)
      errors.add(option.file, "/meta/scenario_json" + field,
                 want + " as in the baseline " + baseline.file +
                     " (the appraisal settings are the baseline's: an option may not change them)",
                 got);
  }
}

}  // namespace

std::optional<int> evaluated_price_year(const PairedRuns& runs, std::optional<int> price_year) {
  return price_year ? price_year : runs.baseline.prices.year;
}

PairedRuns read_paired_runs(const std::filesystem::path& baseline,
                            const std::vector<std::filesystem::path>& options,
                            std::optional<int> price_year) {
  DiagnosticList errors;
  if (baseline.empty()) errors.add("command line", "BASELINE", "a baseline result file", "none");
  if (options.empty())
    errors.add("command line", "OPTION", "at least one option result file besides the baseline",
               "none");
  errors.throw_if_any();
  PairedRuns runs{read_run(baseline), {}};
  for (const auto& file : options) {
    try {
      runs.options.push_back(read_run(file));
      check_comparable(runs.baseline, runs.options.back(), errors);
      check_same_appraisal(runs.baseline, runs.options.back(), errors);
    } catch (const InputError& e) {
      errors.append(e);
    }
  }
  errors.throw_if_any();
  if (price_year) {
    const PriceBasis& basis = runs.baseline.prices;
    if (!basis.year)
      throw InputError({runs.baseline.file, "/meta/scenario_json/prices/year",
                        "the price year its costs were converted to (set prices/year in the "
                        "scenario and run it again), so that --price-year " +
                            std::to_string(*price_year) + " can move them",
                        "none: each cost is in the price year of its source"});
    const double factor = price_factor(basis, *basis.year, *price_year, runs.baseline.file,
                                       "/meta/scenario_json/prices/deflator/index");
    runs.baseline.price_factor = factor;
    for (Run& option : runs.options) option.price_factor = factor;
  }
  return runs;
}

}  // namespace civicsim::evaluation

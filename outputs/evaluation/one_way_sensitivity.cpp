#include "outputs/evaluation/one_way_sensitivity.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/core/input_error.hpp"
#include "engine/scenario/json_input.hpp"
#include "outputs/evaluation/option_flows.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

json scenario_of(const Run& run) { return parse_stored_json(run.data.meta.scenario_json); }

std::optional<OneWayParameter> find_parameter(const std::vector<OneWayParameter>& ps,
                                              const std::string& pointer) {
  for (const OneWayParameter& p : ps)
    if (p.pointer == pointer) return p;
  return std::nullopt;
}

// The run of `main` with parameter p at one end, checked to pair with `main`.
Run read_variant(const Run& main, const OneWayParameter& p, bool high) {
  const std::filesystem::path file = one_way_file(main.file, p, high);
  if (!std::filesystem::exists(file))
    throw InputError({file.string(), "/",
                      "the run of " + main.file + " with " + p.pointer + " at its " +
                          (high ? "high" : "low") + " value (civicsim run writes it beside " +
                          main.file + "; run the scenario again to finish it)",
                      "no such file"});
  Run variant = read_run(file);
  DiagnosticList errors;
  const json main_doc = scenario_of(main), expected = one_way_variant(main_doc, p, high);
  std::optional<int> replications;  // absent: as many as the main run
  if (main_doc.contains("uncertainty") && main_doc["uncertainty"].contains("one_way_replications"))
    replications = std::min(main_doc["uncertainty"]["one_way_replications"].get<int>(),
                            main.data.identity.replications);
  check_comparable(main, variant, errors, replications);
  if (scenario_of(variant) != expected)
    errors.add(file.string(), "/meta/scenario_json",
               "the scenario of " + main.file + " with " + p.pointer + " at " +
                   json(high ? p.high : p.low).dump() + " (run it again with --one-way)",
               "a different scenario (a run of an earlier version)");
  errors.throw_if_any();
  variant.price_factor = main.price_factor;  // the same price basis, checked above
  return variant;
}

GreenBookAppraisal appraise_mean(const Run& baseline, const Run& option, const FlowTiming& timing,
                                 const std::vector<double>& thresholds,
                                 const Classification& classes) {
  const OptionFlows f = option_flows(baseline, option, timing);
  AccountingInput in = accounting_input(f, 0, -1);
  classes.apply(in, timing.rates);
  return green_book_appraisal(in, timing.rates, accounting_settings(f, thresholds));
}

}  // namespace

std::vector<OneWayResult> one_way_sensitivity(const Run& baseline, const Run& option,
                                              const FlowTiming& timing,
                                              const std::vector<double>& thresholds,
                                              const Classification& classes) {
  const json option_doc = scenario_of(option), baseline_doc = scenario_of(baseline);
  if (!option_doc.is_object() || !baseline_doc.is_object()) return {};
  const std::vector<OneWayParameter> varied = bind_one_way(option_doc);
  // Runs without --one-way have no variants: no tornado, and nothing to check.
  if (varied.empty() ||
      !std::filesystem::exists(one_way_file(option.file, varied.front(), false).parent_path()))
    return {};
  const std::vector<OneWayParameter> baseline_varied = bind_one_way(baseline_doc);
  std::vector<OneWayResult> out;
  for (const OneWayParameter& p : varied) {
    const json::json_pointer at(p.pointer);
    const std::optional<OneWayParameter> in_baseline = find_parameter(baseline_varied, p.pointer);
    if (!in_baseline && baseline_doc.contains(at))
      throw InputError({baseline.file, "/uncertainty/one_way" + p.pointer,
                        "a one-way range for " + p.pointer + ", which " + option.file +
                            " varies and the baseline also has (declare it where both see it, "
                            "e.g. in the baseline the option extends)",
                        "none"});
    if (in_baseline && (in_baseline->low != p.low || in_baseline->high != p.high))
      throw InputError({option.file, "/uncertainty/one_way" + p.pointer,
                        "the range the baseline gives it, " + json(in_baseline->low).dump() +
                            " to " + json(in_baseline->high).dump(),
                        json(p.low).dump() + " to " + json(p.high).dump()});
    OneWayResult r{p, {}, {}};
    for (const bool high : {false, true}) {
      const Run o = read_variant(option, p, high);
      const GreenBookAppraisal a =
          in_baseline
              ? appraise_mean(read_variant(baseline, p, high), o, timing, thresholds, classes)
              : appraise_mean(first_replications(baseline, o.data.identity.replications), o, timing,
                              thresholds, classes);
      (high ? r.at_high : r.at_low) = a;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace civicsim::evaluation

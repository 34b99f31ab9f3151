// The evaluation's settings as the scenarios declare them (contract: scenario fields `appraisal`,
// `cost_categories`, intervention `cost.category` / `cost.optimism_bias`, labels), read from a run's
// resolved scenario (/meta scenario_json) with the documented defaults where a field is absent.
// Bad values are InputErrors naming the file, the field, what was expected and what was found.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/results.hpp"
#include "engine/core/year_month.hpp"
#include "engine/evaluation/cycle_convention.hpp"
#include "engine/evaluation/green_book_accounting.hpp"

namespace civicsim::evaluation {

struct AppraisalWindow {
  YearMonth start;               // first month counted
  int years = 1;                 // 12-month years counted
  bool financial_years = false;  // start is April: years are financial years, "2026-27"
  std::vector<std::string> year_labels;
  std::optional<std::string> warm_up_from;  // the run's start when it is before `start`

  // The appraisal year of the month `m` (-1: before the window or after it).
  int year_of(YearMonth m) const;
};

// appraisal/discounting as the scenario declares it; absent fields fall back on the command line's
// or the defaults (evaluate.hpp).
struct DeclaredDiscounting {
  std::optional<std::string> rates;  // "nice", "green_book" or "custom"
  std::optional<double> cost_rate, health_rate;
  std::optional<StateRewards> state_rewards;
  std::optional<bool> cycle_zero;
  std::optional<DiscountTime> discount_time;
};

// The payers' sectors by default (engine/scenario/process_spec.hpp, kPayerDefaultSectors).
std::map<std::string, Sector> default_payer_sectors();

struct AppraisalSettings {
  AppraisalWindow window;
  DeclaredDiscounting discounting;
  double qaly_value = kDefaultQalyValue;  // Green Book 2022 (docs/evidence/PARAMETERS.md, qaly.csv)
  std::map<std::string, double> cost_optimism_bias = default_cost_optimism_bias();
  std::map<int, double> benefit_optimism_bias = default_benefit_optimism_bias();
  int qaly_confidence_grade = kDefaultConfidenceGrade;
  int min_replications_for_ranges = kDefaultMinReplicationsForRanges;
  // Every payer's sector: engine/scenario/process_spec.hpp's defaults, then appraisal/payer_sectors.
  std::map<std::string, Sector> payer_sectors = default_payer_sectors();
  std::vector<std::string> not_counted;  // what the model leaves out, one sentence each
  nlohmann::json declared = nlohmann::json::object();  // the scenario's `appraisal` as written
};

// `scenario`'s appraisal settings for a run with identity `id`; `file` names it in errors.
AppraisalSettings read_appraisal(const nlohmann::json& scenario, const RunIdentity& id,
                                 const std::string& file);

struct CostCategorySettings {
  std::string label;  // empty: none declared
  bool cashable = false;
  ValueKind value = ValueKind::kFiscal;
  int confidence_grade = kDefaultConfidenceGrade;
};
CostCategorySettings read_cost_category(const nlohmann::json& scenario, const std::string& category,
                                        const std::string& file);

struct InterventionSettings {
  std::string label, unit_label, category;  // empty: none declared
  double optimism_bias = 0.0;  // the override, else the category's, else 0 (no category)
};
InterventionSettings read_intervention(const nlohmann::json& scenario, const std::string& name,
                                       const AppraisalSettings& appraisal, const std::string& file);

// The sampling fraction of a run: population.scale of its resolved scenario (1 when absent).
double sampling_fraction(const nlohmann::json& scenario, const std::string& file);

}  // namespace civicsim::evaluation

// Services and interventions as the scenario states them: plain settings bound from JSON by
// service_schema.cpp. Names in them (states, processes, services, attributes in "who") are checked
// against the population's catalogue when the run is compiled (engine/services/compile_actions.hpp),
// each problem a Diagnostic carrying the file and JSON path recorded here.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/core/year_month.hpp"
#include "engine/scenario/process_spec.hpp"

namespace civicsim {

// A move of a person's process state caused by a service or an intervention.
struct StateChangeSpec {
  std::string process;
  std::string to;
  std::vector<std::string> from;  // empty: from any state
  std::string json_path;
};

// A public service with capacity and a waiting list (engine/services/service_queue.hpp).
struct ServiceSpec {
  std::string name;
  std::string description;
  bool per_council = true;  // one queue per council; else one for the whole region
  // A constant per queue, by council, or an expression or table of the cycle (and the council).
  StratifiedValue capacity_per_year;
  int max_wait_months = -1;   // -1: requests wait for ever
  CostSpec cost_per_service;  // per request served; amounts may vary with the cycle
  std::vector<StateChangeSpec> on_served, on_lapsed;  // for persons' own requests
  std::string json_path;                              // "/services/<name>"
};

enum class InterventionUnit { kPerson, kHousehold };

// Multiplies the rates of named transitions and events while the unit has received the
// intervention, with an effect that may wane: factor = 1 + (rate_ratio - 1) w(y), where y is the
// time since receipt, w = 1 for y < full_effect_years, then falls linearly to 0 over
// wanes_over_years (0: the effect stops at once).
struct RateEffectSpec {
  std::string process;
  std::vector<std::pair<std::string, std::string>> transitions;  // (from, to)
  std::vector<std::string> events;
  double rate_ratio = 1.0;
  double full_effect_years = 1e300;
  double wanes_over_years = 0.0;
  std::string json_path;
};

struct EffectSpec {
  enum class Kind { kSetAttribute, kSetState, kRateRatio, kAddCapacity } kind = Kind::kSetAttribute;
  // kSetAttribute: a household condition ("household.damp") and its new label ("no"/"yes").
  std::string attribute, label;
  StateChangeSpec state;  // kSetState
  RateEffectSpec rates;   // kRateRatio
  // kAddCapacity: extra capacity per year of `service` while the intervention runs.
  std::string service;
  StratifiedValue capacity_per_year;
  std::string json_path;
};

// Base estimates: optimism bias (cost.category, cost.optimism_bias) is declared for the evaluation,
// which applies it (outputs/evaluation/); the run records and budgets these amounts as they are.
// Each amount, by payer, is a constant (amount_gbp) or varies with the cycle (varying: an
// expression or a table, checked against the run's catalogue in engine/services/).
struct InterventionCostSpec {
  CostSpec per_unit;           // one-off, when a unit receives it
  CostSpec per_unit_per_year;  // while a living unit has it and it runs
  CostSpec fixed;              // once, in the first step it runs
  CostSpec fixed_per_year;     // every step it runs
};

struct InterventionSpec {
  std::string name;
  std::string description;
  YearMonth start;
  bool has_end = false;
  YearMonth end;         // first month it no longer runs
  int every_months = 0;  // 0: units are enrolled every step; else rounds at this interval
  bool once = true;      // a unit receives it at most once
  InterventionUnit unit = InterventionUnit::kPerson;
  std::string who;        // condition; empty: everyone (a household: any living member)
  double coverage = 1.0;  // share of eligible units offered it
  double uptake = 1.0;    // share of those offered who take it up
  std::string through;    // service that delivers it; empty: delivered at once
  int priority = 1;       // in that service's queue (0 first)
  std::vector<EffectSpec> effects;
  InterventionCostSpec cost;
  double budget_per_year =
      -1.0;               // cash cap per scenario year on the intervention's costs; -1: none
  std::string json_path;  // "/interventions/<name>"
};

}  // namespace civicsim

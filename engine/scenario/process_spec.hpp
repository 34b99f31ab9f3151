// Processes as the scenario states them: plain, immutable settings bound from JSON by
// process_schema.cpp. A process is a state machine on persons (states, an initial distribution,
// transitions, events in a state, costs and utilities). Nothing here is compiled yet: conditions
// are still text and stratified values still labelled cells. engine/model/compile.hpp turns them
// into flat lookup tables once the population (and so every attribute's domain) is known; problems
// found then are Diagnostics carrying the file and JSON path recorded here.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/distribution_draw.hpp"

namespace civicsim {

// Who pays. The order is the order of the "payer" dimension of the costs series. "housing" is the
// council's housing services (grants, enforcement, commissioned programmes); repairs a landlord or
// owner is liable for are charged to them (docs/lcr_models.md, "Damp and its repair").
inline constexpr int kPayerCount = 7;
inline constexpr std::array<const char*, kPayerCount> kPayerNames = {"nhs",
                                                                     "council_childrens_services",
                                                                     "housing",
                                                                     "social_landlord",
                                                                     "private_landlord",
                                                                     "owner_occupier",
                                                                     "other"};
// Names shown in reports when a scenario does not label a payer.
inline constexpr std::array<const char*, kPayerCount> kPayerLabels = {"NHS",
                                                                      "Council children's services",
                                                                      "Council housing services",
                                                                      "Social landlords",
                                                                      "Private landlords",
                                                                      "Owner-occupiers",
                                                                      "Other"};

// Whose money each payer spends, unless the scenario's appraisal/payer_sectors says otherwise:
// "public" (the evaluation's fiscal figures count it) or "private" (counted in the social value
// only). Social landlords are private registered providers, which ONS classes as private
// corporations since 16 November 2017; "other" is public so that a cost of no named payer counts
// against the public purse. Sources: engine/scenario/appraisal_schema.cpp, engine/evaluation/README.md.
inline constexpr std::array<const char*, kPayerCount> kPayerDefaultSectors = {
    "public", "public", "public", "private", "private", "private", "public"};

// A number that is one constant, a table by some attributes, or an expression of catalogue
// variables: `by` names catalogue attributes (e.g. "age_band", "sex") and each cell lists one key
// per attribute, in `by` order: a label, or for a whole-number attribute (age, cycle, time in state)
// "k", "a-b" or "a+" (engine/model/stratified.cpp).
struct StratifiedValue {
  double constant = 0.0;
  std::string expression;       // non-empty: a numeric expression instead (e.g. "5 + (cycle < 2)")
  std::vector<std::string> by;  // empty (and no expression): the constant applies everywhere
  std::vector<std::pair<std::vector<std::string>, double>> cells;
  bool carry_forward = true;  // a bare last whole-number key holds for every value above it
  // The range an expression's values must stay in (a table's and a constant's were checked by the
  // schema), and what the value is, for messages.
  double lowest = -1e308, highest = 1e308;
  std::string json_path;  // of the value, for messages
  bool varies() const { return !by.empty() || !expression.empty(); }
};

// A factor that multiplies a rate (or a probability per cycle) where a condition holds. The factor
// is a number or a numeric expression over the catalogue (e.g. "1 + 0.2 * sick.time_in_sick").
struct ModifierSpec {
  std::string condition;          // empty: always
  double factor = 1.0;            // used when factor_expression is empty
  std::string factor_expression;  // e.g. "1 + 0.2 * (sick_sicker.time_in_sick + 1)"
  std::string json_path;
};

struct CostSpec {
  std::array<double, kPayerCount> amount_gbp{};  // by payer, in kPayerNames order
  std::string category;                          // empty: the process's name
  // Processes' costs only: by payer, an amount that is a table or an expression (its amount_gbp is
  // then 0); a constant amount stays in amount_gbp.
  std::array<StratifiedValue, kPayerCount> varying{};
  bool varies() const {
    for (const StratifiedValue& v : varying)
      if (v.varies()) return true;
    return false;
  }
};

// A named parametric hazard (a transition's "hazard"): cumulative hazard H(t) of a clock t in
// years; the probability of the move in a step from t0 to t0 + dt is 1 - S(t0 + dt) / S(t0).
struct HazardSpec {
  enum class Distribution { kExponential, kWeibull, kGompertz, kLogLogistic };
  enum class Clock { kTimeInState, kAge, kCycle };
  Distribution distribution = Distribution::kExponential;
  Clock clock = Clock::kTimeInState;
  std::vector<std::pair<std::string, StratifiedValue>> parameters;  // name -> value
  std::string json_path;                                            // of the "hazard" object
};

struct TransitionSpec {
  std::string from, to;
  bool per_cycle = false;  // value is a probability per cycle, else a rate per year
  StratifiedValue value;
  bool has_hazard = false;  // the move's probability per step comes from `hazard`, not `value`
  HazardSpec hazard;
  std::string condition;  // empty: always; otherwise the transition only happens while it holds
  std::vector<ModifierSpec> modifiers;
  int stage = 0;
  // Out of a tunnel state, stated with neither rate nor probability: it takes what the state's
  // other moves leave (tunnel_states.hpp); `value` is unused.
  bool remainder = false;
  std::string json_path;  // "/processes/<name>/transitions/<i>"
};

struct EventSpec {
  std::string name;
  std::vector<std::string> in;  // states in which it can happen
  StratifiedValue rate_per_year;
  std::string condition;
  std::vector<ModifierSpec> modifiers;
  CostSpec cost;
  StratifiedValue qaly_loss;  // QALYs lost per event: a number, an expression or a table
  std::string service;        // the service it sends a request to (empty: none)
  int priority = 1;           // of that request
  std::string json_path;
};

// A per-person factor drawn once, when the person enters the simulation.
struct HeterogeneitySpec {
  std::string name;
  Distribution distribution = Distribution::kUniform;
  std::vector<double> parameters;       // uniform: min, max; normal: mean, sd; lognormal: meanlog,
                                        // sdlog; gamma: shape, scale; beta: alpha, beta
  std::vector<std::string> utility_of;  // states whose utility it multiplies
  std::string json_path;
};

struct UtilitySpec {
  double constant = 1.0;
  std::string expression;  // non-empty: a numeric expression instead of the constant
  std::string json_path;
  StratifiedValue table;  // by non-empty: a table instead of the constant
};

enum class RateConversion {
  kCompetingRisks,  // rates out of a state are summed, converted once, split by share
  kSeparate,        // each rate is converted on its own; the probabilities are exclusive
};

enum class Entity { kPerson, kHousehold };

struct ProcessSpec {
  std::string name;
  std::string description;
  Entity entity = Entity::kPerson;
  // A household process may stand for one of the household's condition attributes
  // ("household.damp"): its states are then that attribute's labels, it starts from the attribute
  // and its moves (and interventions that set the attribute) keep the two the same.
  std::string attribute;
  std::vector<std::string> states;
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // name -> states
  std::vector<std::pair<std::string, StratifiedValue>> initial;          // state -> probability
  std::vector<TransitionSpec> transitions;
  std::vector<std::string> tunnel_states;  // left after exactly one step (tunnel_states.hpp)
  std::vector<EventSpec> events;
  std::vector<std::pair<std::string, CostSpec>> cost_per_year;  // state -> cost
  std::vector<std::pair<std::string, UtilitySpec>> utility;     // state -> utility
  // Persons in these states are dead (absorbing; utility 0, no cost): engine/scenario/
  // death_states.hpp.
  std::vector<std::string> death_states;
  std::vector<HeterogeneitySpec> heterogeneity;
  RateConversion conversion = RateConversion::kCompetingRisks;
  int cycle_months = 12;
  std::string file;  // the scenario file that states this process (for messages)
};

}  // namespace civicsim

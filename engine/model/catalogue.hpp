// What process conditions, modifiers, strata and utilities may read: the expression catalogue of a
// run, and how the step loop computes each of its variables' codes for a person.
//
// Variables (each an integer code per person; attributes are functions of one variable's code):
//   age 0..110 (attributes age, age_band), sex, area (area.council = council, area.imd_quintile =
//   imd_quintile, area.imd_decile = imd_decile, area.imd_score, area.air_quality,
//   area.poor_condition_share, area.no_central_heating_share), household.tenure, household.type,
//   household.condition (household.damp, household.poor_condition, household.no_central_heating,
//   household.overcrowded: 'no'/'yes'), cycle (steps completed since the start: 0 in the first
//   step, i.e. cycles in cohort mode), and per process p: p (its state), p.time_in_state (steps
//   since the state was entered) and p.time_in_<group> for each group (steps since the group was
//   entered, 0 outside it). Times are in steps (months with monthly steps, cycles in cohort mode),
//   counted from the time point at which the state was entered, so 0 at that point; persons present
//   at the start count from the start. Their domains run to the number of steps, so nothing is ever
//   capped. Per service s: s, the status of the person's latest request ('none', 'waiting',
//   'served', 'lapsed'). Per intervention i: i ('no'/'yes': the person, or their household for a
//   household intervention, has received it) and i.time_since (steps since receipt, -1 before).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/expr/catalogue.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim::process {

enum class CodeKind : uint8_t {
  kAge,
  kSex,
  kArea,
  kCouncil,  // of the area: small variables, so tables by council or deprivation stay small
  kImdQuintile,
  kImdDecile,
  kTenure,
  kHouseholdType,
  kCondition,
  kCycle,
  kState,          // of process `process`
  kTimeInState,    // of process `process`
  kTimeInGroup,    // group `group` of process `process`
  kServiceStatus,  // of service `process` (an index into the run's services)
  kIntervention,   // receipt of intervention `process`: 0 not received, else steps since + 1
};

struct CodeSource {
  CodeKind kind = CodeKind::kAge;
  uint16_t process = 0;
  uint16_t group = 0;
  bool household = false;  // a household process's variable, or a household intervention's
};

// Whether a household row has this code (household and area attributes, the cycle, household
// processes and household interventions), as opposed to only a person row.
inline bool household_readable(const CodeSource& s) {
  switch (s.kind) {
    case CodeKind::kArea:
    case CodeKind::kCouncil:
    case CodeKind::kImdQuintile:
    case CodeKind::kImdDecile:
    case CodeKind::kTenure:
    case CodeKind::kHouseholdType:
    case CodeKind::kCondition:
    case CodeKind::kCycle:
      return true;
    case CodeKind::kState:
    case CodeKind::kTimeInState:
    case CodeKind::kTimeInGroup:
    case CodeKind::kIntervention:
      return s.household;
    default:
      return false;
  }
}

struct RunCatalogue {
  expr::Catalogue catalogue;
  std::vector<CodeSource> source;     // by catalogue variable id
  size_t first_process_variable = 0;  // variables from here on belong to processes, services
                                      // and interventions
  std::vector<size_t> intervention_variable;  // by intervention
};

// Service request statuses, as codes of the variable <service>.
enum ServiceStatus : uint8_t { kNoRequest = 0, kWaiting = 1, kServed = 2, kLapsed = 3 };

// The catalogue of `scenario`'s processes, services and interventions over `population`'s areas and
// councils.
RunCatalogue build_catalogue(const Population& population, const Scenario& scenario);

}  // namespace civicsim::process

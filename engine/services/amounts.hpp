// Compiling the amounts of services and interventions (actions.hpp): programme costs and capacities
// by step, from tables of the cycle (capacities also of the council); a unit's costs (per_unit,
// per_unit_per_year, cost_per_service) by step too where they read the cycle at most, else per row
// from a table over whatever the unit's row has.
#pragma once

#include <optional>
#include <string>

#include "engine/services/actions.hpp"

namespace civicsim::services {

// A value as a table over the cycle (and, `with_council`, the council) at most; else a Diagnostic
// naming the first other variable it reads.
std::optional<expr::LookupTable> time_table(const StratifiedValue& v, bool with_council,
                                            const process::Site& site);

// Programme costs by payer, read by step (of the cycle at most), times `scale`.
StepAmounts step_amounts(const CostSpec& cost, double scale, const process::Site& site);

// A unit's costs by payer. `household_because`: empty where the unit is a person (its amounts may
// read anything a person's row has); else why it is read at households (then it may read only their
// attributes, their area's, household processes, household interventions and the cycle; a load
// error names the first other variable).
UnitAmounts unit_amounts(const CostSpec& cost, const std::string& household_because,
                         const process::Site& site);

}  // namespace civicsim::services

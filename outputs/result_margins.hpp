// Margins of a run's results: every series summed over all its dimensions but the first, per
// replication and time point (e.g. occupancy by state, events by council, costs by payer). Written
// beside the full series (/margins) so an evaluation of many replications reads a few numbers per
// step instead of every cell.
#pragma once

#include "engine/sim/results.hpp"

namespace civicsim {

// Series without dimensions are left out (they are their own margin).
RunResults margins_of(const RunResults& results);

}  // namespace civicsim

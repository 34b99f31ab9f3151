// Margins of a run's results: every series summed over all its dimensions but a process state, the
// payer, the cost category, the intervention, the council and the IMD quintile, where it has them
// (e.g. occupancy by state x council x quintile, events by council x quintile, costs by payer x
// cost category x council x quintile, transitions in total), per replication and time point. Written beside the full series (/margins) so an
// evaluation of many replications reads a few numbers per step, by the groups it reports, instead
// of every cell.
#pragma once

#include <vector>

#include "engine/core/results.hpp"

namespace civicsim {

// The axes (indices into decl.dims) a series' margin keeps, in the series' order.
std::vector<size_t> margin_axes(const SeriesDecl& decl);

// Series without dimensions are left out (they are their own margin).
RunResults margins_of(const RunResults& results);

}  // namespace civicsim

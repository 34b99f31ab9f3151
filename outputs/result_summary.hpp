// A plain-text summary of a result file: what `civicsim info FILE.h5` prints.
//
// Written for a commissioner as much as an analyst: which scenario, which population, how long a
// period, how the run went, and one line per result series with its shape and the replication-0
// totals at the first and last time point, so a glance shows whether the numbers are plausible.
#pragma once

#include <string>

#include "outputs/hdf5_reader.hpp"

namespace civicsim {

// Several "Label  value" lines, a blank line, then a table of series; ends with a newline.
std::string describe_results(const ResultFile& file);

}  // namespace civicsim

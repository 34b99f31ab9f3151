// Facts about the machine and the moment, for /meta in result files: never used in results.
#pragma once

#include <string>

namespace civicsim {
std::string host_name();
std::string utc_timestamp();  // ISO 8601, e.g. 2026-11-22T05:30:00Z
long peak_rss_bytes();        // peak resident memory of this process so far
int max_threads();            // OpenMP threads a parallel region will use
}  // namespace civicsim

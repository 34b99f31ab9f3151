// The built-in price index for putting costs from different years on one price basis: HM Treasury's
// GDP deflator at market prices, calendar years. A scenario may give its own index instead
// ("prices/deflator", engine/scenario/prices.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace civicsim {

// Where the built-in index comes from, as a reader cites it.
extern const char* const kGdpDeflatorSource;

// The built-in index as a JSON object {"1990": 42.7537, ..., "2024": 100}.
nlohmann::json gdp_deflator_index();

}  // namespace civicsim

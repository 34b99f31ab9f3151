// One price basis for every cost. Costs come from sources priced in different years (PSSRU 2015,
// NHS Reference Costs 2013/14, NAO 2023-24...). A scenario that states "prices/year" converts each
// cost from its own "price_year" to that year with a price index ("prices/deflator", by default HM
// Treasury's GDP deflator, engine/evaluation/gdp_deflator.hpp), as the Green Book asks: real terms,
// one base year. The conversion happens when the scenario is bound, after any probabilistic or
// one-way value is set, so drawn costs are converted too; results then hold costs at prices/year,
// and `civicsim evaluate --price-year` can move them to another year with the same index.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/core/input_error.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

struct PriceBasis {
  std::optional<int> year;      // absent: each cost stays in the price year of its source
  std::string deflator_source;  // citation of the index
  std::map<int, double> index;  // calendar year -> index value
};

schema::Node prices_schema();
// The "price_year" field a cost object accepts.
schema::Field price_year_field();

// Index keys are years; with prices/year, that year and every cost's price_year are in the index
// and every cost states one; without it, no cost states one. `origin` names the file of a pointer.
void check_price_rules(const nlohmann::json& doc,
                       const std::function<std::string(std::string_view)>& origin,
                       DiagnosticList& out);

PriceBasis bind_prices(const nlohmann::json& prices);

// The factor that takes an amount at `from` prices to `to` prices (index[to] / index[from]).
// Throws InputError naming `file` and the index's place in it (`index_at`) when either year is not
// in the index.
double price_factor(const PriceBasis& basis, int from, int to, const std::string& file,
                    const std::string& index_at = "/prices/deflator/index");

// The (checked) document with every cost's amounts at prices/year (unchanged without it).
nlohmann::json costs_at_price_year(nlohmann::json doc);

}  // namespace civicsim

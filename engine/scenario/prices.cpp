#include "engine/scenario/prices.hpp"

#include <charconv>
#include <cstdio>
#include <functional>
#include <string_view>

#include "engine/core/input_limits.hpp"
#include "engine/evaluation/gdp_deflator.hpp"
#include "engine/scenario/process_schema.hpp"
#include "engine/scenario/process_spec.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
namespace s = schema;

constexpr int kFirstYear = 1800, kLastYear = 2200;

// Calls fn(pointer, cost, amounts) for every cost object of a scenario document: `cost` holds its
// price_year, each of `amounts` holds payer amounts (the cost itself, or an intervention cost's
// per_unit, per_unit_per_year, fixed and fixed_per_year objects). Skips what is not an object:
// the schema reports it.
template <class Json, class Fn>
void for_each_cost(Json& doc, Fn fn) {
  const auto objects = [](Json& parent, const char* key) -> Json* {
    return parent.is_object() && parent.contains(key) && parent[key].is_object() ? &parent[key]
                                                                                 : nullptr;
  };
  if (Json* processes = objects(doc, "processes"))
    for (auto& [name, p] : processes->items()) {
      if (!p.is_object()) continue;
      const std::string at = "/processes/" + name;
      if (p.contains("events") && p["events"].is_array())
        for (size_t k = 0; k < p["events"].size(); ++k)
          if (Json* c = objects(p["events"][k], "cost"))
            fn(at + "/events/" + std::to_string(k) + "/cost", *c, std::vector<Json*>{c});
      if (Json* per_year = objects(p, "cost_per_year"))
        for (auto& [state, c] : per_year->items())
          if (c.is_object()) fn(at + "/cost_per_year/" + state, c, std::vector<Json*>{&c});
    }
  if (Json* services = objects(doc, "services"))
    for (auto& [name, sv] : services->items())
      if (Json* c = objects(sv, "cost_per_service"))
        fn("/services/" + name + "/cost_per_service", *c, std::vector<Json*>{c});
  if (Json* interventions = objects(doc, "interventions"))
    for (auto& [name, iv] : interventions->items())
      if (Json* c = objects(iv, "cost")) {
        std::vector<Json*> amounts;
        for (const char* key : {"per_unit", "per_unit_per_year", "fixed", "fixed_per_year"})
          if (Json* a = objects(*c, key)) amounts.push_back(a);
        fn("/interventions/" + name + "/cost", *c, amounts);
      }
}

// Whether any payer is charged anything (a cost of nothing needs no price year). An amount that is
// an expression or a table (a process's cost) counts as a charge.
bool any_amount(const std::vector<const json*>& amounts) {
  for (const json* a : amounts)
    for (const char* payer : kPayerNames)
      if (a->contains(payer) && (!a->at(payer).is_number() || a->at(payer).get<double>() != 0.0))
        return true;
  return false;
}

// An amount times `factor`: a number, an expression (multiplied as written, "(...) * factor") or
// a table's every value.
void scale_amount(json& amount, double factor) {
  if (amount.is_number()) {
    amount = amount.get<double>() * factor;
  } else if (amount.is_string()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", factor);
    amount = "(" + amount.get<std::string>() + ") * " + text;
  } else if (amount.is_object() && amount.contains("values")) {
    std::function<void(json&)> each = [&](json& v) {
      if (v.is_object())
        for (auto& [key, item] : v.items()) each(item);
      else
        scale_amount(v, factor);
    };
    each(amount["values"]);
  }
}

std::optional<int> year_of(std::string_view key) {
  int year = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), year);
  if (ec != std::errc() || end != key.data() + key.size() || year < kFirstYear || year > kLastYear)
    return std::nullopt;
  return year;
}

std::string span_text(const PriceBasis& b) {
  if (b.index.empty()) return "an empty index";
  return std::to_string(b.index.begin()->first) + " to " + std::to_string(b.index.rbegin()->first);
}

}  // namespace

s::Field price_year_field() {
  return {.name = "price_year",
          .node = s::integer_in(kFirstYear, kLastYear),
          .description =
              "The year whose prices the amounts are in (the source's price year; a "
              "financial year such as 2013/14 is given as the calendar year it starts "
              "in). Required when prices/year is set: the amounts are then converted "
              "to that year with prices/deflator."};
}

s::Node prices_schema() {
  return s::object({
      source_field(),
      {.name = "year",
       .node = s::integer_in(kFirstYear, kLastYear),
       .description = "The price year of every cost in the results: each cost is converted "
                      "from its own price_year with the deflator. Absent: costs are used as "
                      "stated, each in the price year of its source.",
       .source = "HM Treasury Green Book (2022) 5.6: costs in real terms at one base year."},
      {.name = "deflator",
       .node = s::object({
           {.name = "source",
            .node = s::string(),
            .required = true,
            .description = "Where the index comes from."},
           {.name = "index",
            .node = s::map_of(s::number_in(limits::kMinPriceIndex, limits::kMaxPriceIndex)),
            .required = true,
            .description = "The index by calendar year (\"2019\": 81.1085, ...); only ratios "
                           "matter."},
       }),
       .default_value = json{{"source", kGdpDeflatorSource}, {"index", gdp_deflator_index()}},
       .description = "Price index that converts costs between years.",
       .source = kGdpDeflatorSource},
  });
}

void check_price_rules(const json& doc, const std::function<std::string(std::string_view)>& origin,
                       DiagnosticList& out) {
  if (!doc.contains("prices") || !doc.at("prices").is_object()) return;
  const json& prices = doc.at("prices");
  PriceBasis basis;
  if (prices.contains("deflator") && prices.at("deflator").is_object() &&
      prices.at("deflator").contains("index") && prices.at("deflator").at("index").is_object()) {
    for (const auto& [key, value] : prices.at("deflator").at("index").items()) {
      const std::string at = "/prices/deflator/index/" + key;
      if (!year_of(key))
        out.add(origin(at), at,
                "a calendar year (" + std::to_string(kFirstYear) + " to " +
                    std::to_string(kLastYear) + ") as the key",
                "\"" + key + "\"");
      else if (value.is_number() && value.get<double>() > 0)
        basis.index[*year_of(key)] = value.get<double>();
    }
  }
  const bool has_year = prices.contains("year") && prices.at("year").is_number_integer();
  const auto in_index = [&](const json& year, const std::string& at, const std::string& what) {
    if (year.is_number_integer() && !basis.index.contains(year.get<int>()))
      out.add(origin(at), at, what + " in /prices/deflator/index (" + span_text(basis) + ")",
              std::to_string(year.get<int>()));
  };
  if (has_year) in_index(prices.at("year"), "/prices/year", "a year");
  for_each_cost(doc, [&](const std::string& at, const json& cost, const auto& amounts) {
    const std::string year_at = at + "/price_year";
    if (!cost.contains("price_year")) {
      if (has_year && any_amount(amounts))
        out.add(origin(at), year_at,
                "the price year of this cost's source (/prices/year is set, so every cost is "
                "converted to it from its own)",
                "nothing");
    } else if (!has_year) {
      out.add(origin(year_at), "/prices/year",
              "the year to convert costs to (" + year_at + " states a price year)", "nothing");
    } else {
      in_index(cost.at("price_year"), year_at, "a price year");
    }
  });
}

PriceBasis bind_prices(const json& prices) {
  PriceBasis b;
  if (prices.contains("year")) b.year = prices.at("year").get<int>();
  const json& deflator = prices.at("deflator");
  b.deflator_source = deflator.at("source").get<std::string>();
  for (const auto& [key, value] : deflator.at("index").items())
    b.index[*year_of(key)] = value.get<double>();
  return b;
}

double price_factor(const PriceBasis& basis, int from, int to, const std::string& file,
                    const std::string& index_at) {
  for (const int year : {from, to})
    if (!basis.index.contains(year))
      throw InputError({file, index_at,
                        "an index value for " + std::to_string(year) + " (the index covers " +
                            span_text(basis) + ")",
                        "none"});
  return basis.index.at(to) / basis.index.at(from);
}

json costs_at_price_year(json doc) {
  if (!doc.contains("prices") || !doc.at("prices").contains("year")) return doc;
  const PriceBasis basis = bind_prices(doc.at("prices"));
  for_each_cost(doc, [&](const std::string& at, json& cost, const std::vector<json*>& amounts) {
    if (!cost.contains("price_year")) return;  // charges nothing (check_price_rules)
    const double factor = price_factor(basis, cost.at("price_year").get<int>(), *basis.year, at);
    for (json* a : amounts)
      for (const char* payer : kPayerNames)
        if (a->contains(payer)) scale_amount((*a)[payer], factor);
  });
  return doc;
}

}  // namespace civicsim

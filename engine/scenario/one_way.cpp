#include "engine/scenario/one_way.hpp"

#include <algorithm>

#include "engine/scenario/process_schema.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/uncertainty.hpp"

namespace civicsim {

namespace s = schema;
using nlohmann::json;

s::Node one_way_schema() {
  return s::map_of(s::object({
      source_field(),
      {.name = "label",
       .node = s::string(),
       .description = "What the report calls the number (default: its pointer)."},
      {.name = "low",
       .node = s::number(),
       .description = "Low end of its plausible range (with high; absent: the 2.5th percentile of "
                      "its distribution under uncertainty/parameters)."},
      {.name = "high",
       .node = s::number(),
       .description = "High end of its plausible range (with low; absent: the 97.5th percentile)."},
  }));
}

namespace {

// The number's entry under "uncertainty/parameters", if it has one.
const json* distribution_spec(const json& doc, const std::string& pointer) {
  const json* u = doc.contains("uncertainty") ? &doc.at("uncertainty") : nullptr;
  if (!u || !u->contains("parameters") || !u->at("parameters").contains(pointer)) return nullptr;
  return &u->at("parameters").at(pointer);
}

}  // namespace

void check_one_way_rules(const json& doc, const std::string& file, DiagnosticList& out) {
  const json* u = doc.contains("uncertainty") ? &doc.at("uncertainty") : nullptr;
  if (!u || !u->is_object() || !u->contains("one_way") || !u->at("one_way").is_object()) return;
  for (const auto& [pointer, p] : u->at("one_way").items()) {
    const std::string at = "/uncertainty/one_way/" + pointer;
    check_model_number(doc, pointer, at, file, out);
    if (!p.is_object()) continue;
    const bool low = p.contains("low"), high = p.contains("high");
    if (low != high) {
      out.add(file, at + (low ? "/high" : "/low"), "low and high given together", "only one");
    } else if (low && p.at("low").is_number() && p.at("high").is_number() &&
               !(p.at("low").get<double>() < p.at("high").get<double>())) {
      out.add(file, at, "low < high", p.at("low").dump() + " and " + p.at("high").dump());
    } else if (!low && !distribution_spec(doc, pointer)) {
      out.add(file, at,
              "low and high, or a distribution for " + pointer +
                  " under /uncertainty/parameters to take its 2.5th and 97.5th percentiles",
              "neither");
    }
  }
}

std::vector<OneWayParameter> bind_one_way(const json& doc) {
  std::vector<OneWayParameter> out;
  const json* u = doc.contains("uncertainty") ? &doc.at("uncertainty") : nullptr;
  if (!u || !u->contains("one_way")) return out;
  for (const auto& [pointer, p] : u->at("one_way").items()) {
    OneWayParameter x;
    x.pointer = pointer;
    x.label = p.value("label", pointer);
    x.base = doc.at(json::json_pointer(pointer)).get<double>();
    if (p.contains("low")) {
      x.low = p.at("low");
      x.high = p.at("high");
    } else {
      const UncertainParameter d = bind_parameter(pointer, *distribution_spec(doc, pointer));
      x.low = parameter_quantile(d, 0.025);
      x.high = parameter_quantile(d, 0.975);
    }
    out.push_back(std::move(x));
  }
  return out;
}

void check_one_way_variants(const json& doc, const std::vector<OneWayParameter>& parameters,
                            const std::string& file, DiagnosticList& out) {
  for (const OneWayParameter& p : parameters)
    for (const bool high : {false, true}) {
      const json variant = one_way_variant(doc, p, high);
      DiagnosticList found;
      schema::validate(scenario_schema(), variant, file, schema::Mode::kPartial, found);
      check_scenario_rules(
          variant, [&](std::string_view) { return file; }, found);
      const json& entry = doc.at("uncertainty").at("one_way").at(p.pointer);
      const bool stated = entry.contains(high ? "high" : "low");
      const std::string at =
          "/uncertainty/one_way/" + p.pointer + (stated ? (high ? "/high" : "/low") : "");
      const std::string which = high ? "high" : "low";
      for (const Diagnostic& d : found.items())
        out.add(file, at,
                "a " + which + " value with which the scenario is valid (at " + d.location + ": " +
                    d.expected + ")",
                d.found + (stated ? ""
                           : high ? " (its distribution's 97.5th percentile)"
                                  : " (its distribution's 2.5th percentile)"));
    }
}

json one_way_variant(json doc, const OneWayParameter& p, bool high) {
  doc[json::json_pointer(p.pointer)] = high ? p.high : p.low;
  json& u = doc["uncertainty"];
  if (u.contains("one_way_replications"))
    doc["replications"] =
        std::min(u["one_way_replications"].get<int>(), doc.value("replications", 1));
  if (u.contains("parameters")) u["parameters"].erase(p.pointer);
  u["one_way"] = json::object();
  return doc;
}

std::filesystem::path one_way_file(const std::filesystem::path& out, const OneWayParameter& p,
                                   bool high) {
  std::string name = p.pointer.substr(1);
  std::replace(name.begin(), name.end(), '/', '.');
  std::filesystem::path dir = out;
  dir.replace_extension(".one_way");
  return dir / (name + (high ? ".high.h5" : ".low.h5"));
}

}  // namespace civicsim

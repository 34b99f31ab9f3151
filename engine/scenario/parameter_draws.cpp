#include "engine/scenario/parameter_draws.hpp"

#include "engine/scenario/scenario_loader.hpp"
#include "engine/scenario/scenario_schema.hpp"

namespace civicsim {

using nlohmann::json;

namespace {

std::string draw_label(const Scenario& base, int draw) {
  return base.file.string() + " (parameter draw " + std::to_string(draw) + ")";
}

// A drawn document binds no further draws, nor one-way ranges the drawn numbers may give.
void clear_uncertainty(json& doc) {
  doc["uncertainty"]["parameters"] = json::object();
  doc["uncertainty"]["one_way"] = json::object();
}

}  // namespace

Scenario reparsed_draw_scenario(const Scenario& base, int draw) {
  json doc =
      with_parameter_draw(json::parse(base.resolved_json), base.uncertainty, base.seed, draw);
  clear_uncertainty(doc);
  return scenario_from_document(doc, base.file, draw_label(base, draw));
}

ParameterDraws::ParameterDraws(const Scenario& base)
    : base_(base), doc_(json::parse(base.resolved_json)) {
  clear_uncertainty(doc_);
  for (const UncertainParameter& p : base.uncertainty.parameters) {
    const schema::Node* node = schema::find(scenario_schema(), p.pointer);
    if (!node) fast_ = false;
    drawn_.push_back({&p, json::json_pointer(p.pointer), node});
  }
}

Scenario ParameterDraws::scenario(int draw) {
  if (!fast_) return reparsed_draw_scenario(base_, draw);
  for (const Drawn& d : drawn_) {
    json& value = doc_[d.pointer];
    value = draw_parameter(*d.parameter, base_.seed, draw);
    if (!schema::is_valid(*d.node, value)) return reparsed_draw_scenario(base_, draw);
  }
  const std::string label = draw_label(base_, draw);
  DiagnosticList rules;
  check_scenario_rules(
      doc_, [&](std::string_view) { return label; }, rules);
  if (!rules.empty()) return reparsed_draw_scenario(base_, draw);
  Scenario scenario = bind_scenario(doc_);
  for (ProcessSpec& p : scenario.processes) p.file = label;
  scenario.file = base_.file;
  return scenario;
}

}  // namespace civicsim

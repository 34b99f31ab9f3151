// The scenario of each parameter draw of a probabilistic sensitivity analysis, made without
// re-reading the scenario: the resolved document is parsed once, and each draw rewrites only the
// drawn numbers in it (each addressed by its JSON pointer) before binding it again.
//
// A draw's scenario is the one scenario_from_document gives for with_parameter_draw of the loaded
// document (Simulation::drawn_scenario, the plain path kept as the reference), field for field, with
// no resolved_json: only the checks a drawn number can fail are repeated. The schema check of the
// whole document becomes a check of each drawn number against its own declaration (every other
// value is the loaded document's, already checked), and the rules between fields run on the drawn
// document as the plain path runs them. A draw that fails either check is made by the plain path
// instead, so its InputError is the plain path's, word for word.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/scenario/scenario.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

class ParameterDraws {
 public:
  // `base` is a loaded scenario with an active uncertainty section; it must outlive this object.
  explicit ParameterDraws(const Scenario& base);

  // The scenario of parameter draw `draw`. Not thread-safe: one object per thread.
  Scenario scenario(int draw);

 private:
  struct Drawn {
    const UncertainParameter* parameter;
    nlohmann::json::json_pointer pointer;
    const schema::Node* node;  // its declaration in the scenario schema
  };
  const Scenario& base_;
  nlohmann::json doc_;  // the resolved document; the drawn numbers hold the last draw's values
  std::vector<Drawn> drawn_;
  bool fast_ = true;  // false when a pointer has no declaration: every draw takes the plain path
};

// The plain path: the loaded document re-parsed with the draw's numbers set in it, checked and bound
// as a loaded file is; diagnostics are labelled "<file> (parameter draw <draw>)".
Scenario reparsed_draw_scenario(const Scenario& base, int draw);

}  // namespace civicsim

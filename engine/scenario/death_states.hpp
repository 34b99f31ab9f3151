// Death states (issue #17 item 10): `"death_states": ["D"]` in a person process says that persons
// in D are dead. They stay in the process (its occupancy shows them, as a cohort trace does) but
// count as deaths in the run's summary and are not billed, enrolled, served or counted living for
// costs, QALYs and life-years. The rules that make that hold, checked on the merged document:
// every name is a state of the process, a person process; a death state is absorbing (no
// transition out, no events in it), has no cost and no utility but 0 (its utility is 0 when left
// out); one process has them, and no other person process has state costs, utilities or events
// (they would go on for the dead).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/scenario/scenario_schema.hpp"

namespace civicsim {

void check_death_states(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

}  // namespace civicsim

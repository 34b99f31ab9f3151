// Tunnel states: states a person leaves after exactly one step (an operation, a revision), declared
// by a process's "tunnel_states". The rule, applied when processes are compiled
// (engine/model/compile.cpp): a tunnel state's moves are computed as any state's (rates, per-cycle
// probabilities, stages, conditions, modifiers, intervention effects), and what would be left for
// staying goes to its one exit stated without a rate or probability (the "remainder exit"); a
// tunnel state without one must have moves whose probabilities sum to 1 in every cell. Either
// way nobody stays.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

schema::Field tunnel_states_field();

// Whether `transition` of `process` leaves one of its tunnel states.
bool is_tunnel_exit(const nlohmann::json& process, const nlohmann::json& transition);

// The rules of process `name`'s tunnel states: known states, each left by some transition, at most
// one remainder exit each, with no condition or modifiers (so that nobody stays).
void check_tunnel_states(const std::string& name, const nlohmann::json& process,
                         const std::vector<std::string>& states, const OriginFn& origin,
                         DiagnosticList& out);

}  // namespace civicsim

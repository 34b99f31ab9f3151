// Tunnel states' declaration and rules (tunnel_states.hpp).
#include "engine/scenario/tunnel_states.hpp"

#include <algorithm>
#include <set>

#include "engine/expr/catalogue.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

std::vector<std::string> tunnel_states(const json& process) {
  std::vector<std::string> out;
  if (const auto it = process.find("tunnel_states"); it != process.end() && it->is_array())
    for (const json& s : *it)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

bool is_remainder_exit(const json& t) {
  const bool hazard = t.is_object() && t.contains("hazard") && t.at("hazard").is_object() &&
                      !t.at("hazard").empty();  // an empty hazard means none (hazard_schema())
  return t.is_object() && !t.contains("rate_per_year") && !t.contains("probability_per_cycle") &&
         !hazard;
}

}  // namespace

schema::Field tunnel_states_field() {
  return {.name = "tunnel_states",
          .node = schema::array_of(schema::string()),
          .description =
              "States left after exactly one step (an operation, a revision). Their moves are "
              "computed as any state's, and what would be left for staying goes to the one "
              "transition out of the state written with none of rate_per_year, "
              "probability_per_cycle or hazard (e.g. {\"from\": \"revision\", \"to\": "
              "\"post_revision\"} beside a death move with its probability); without such a "
              "transition the state's move probabilities must sum to 1 in every cell."};
}

bool is_tunnel_exit(const json& process, const json& transition) {
  if (!transition.is_object() || !transition.contains("from")) return false;
  const std::vector<std::string> tunnels = tunnel_states(process);
  return std::find(tunnels.begin(), tunnels.end(), transition.at("from")) != tunnels.end();
}

void check_tunnel_states(const std::string& name, const json& p,
                         const std::vector<std::string>& states, const OriginFn& origin,
                         DiagnosticList& out) {
  const std::string at = "/processes/" + name;
  const auto add = [&](const std::string& where, std::string expected, std::string found) {
    out.add(origin(where), where, std::move(expected), std::move(found));
  };
  const std::vector<std::string> tunnels = tunnel_states(p);
  const json empty = json::array();
  const json& ts =
      p.contains("transitions") && p.at("transitions").is_array() ? p.at("transitions") : empty;
  std::set<std::string> seen;
  for (size_t i = 0; i < tunnels.size(); ++i) {
    const std::string where = at + "/tunnel_states/" + std::to_string(i);
    const std::string& state = tunnels[i];
    if (std::find(states.begin(), states.end(), state) == states.end()) {
      add(where, "one of the states of " + name + ": " + expr::join_names(states),
          "'" + state + "'");
      continue;
    }
    if (!seen.insert(state).second) {
      add(where, "a state not listed before", "'" + state + "'");
      continue;
    }
    size_t exits = 0, remainders = 0;
    for (size_t k = 0; k < ts.size(); ++k) {
      const json& t = ts[k];
      if (!t.is_object() || t.value("from", json()) != state) continue;
      ++exits;
      if (!is_remainder_exit(t)) continue;
      const std::string ta = at + "/transitions/" + std::to_string(k);
      if (++remainders > 1)
        add(ta,
            "at most one transition out of tunnel state '" + state +
                "' without a rate or probability (it takes what the others leave)",
            "a second one, to " + t.value("to", json()).dump());
      for (const char* key : {"if", "modifiers"})
        if (t.contains(key))
          add(ta + "/" + key,
              std::string("no ") + key +
                  " on the transition that takes what the others leave (nobody may stay in a "
                  "tunnel state)",
              t.at(key).dump());
    }
    if (exits == 0)
      add(where, "a state that some transition leaves (a tunnel state is left after one step)",
          "'" + state + "', which no transition leaves");
  }
}

}  // namespace civicsim

// The rules of death states (see death_states.hpp).
#include "engine/scenario/death_states.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/expr/catalogue.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

std::vector<std::string> strings(const json& p, const char* key) {
  std::vector<std::string> out;
  if (p.contains(key) && p.at(key).is_array())
    for (const json& v : p.at(key))
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool is_person(const json& p) { return p.value("entity", json("person")) != "household"; }

}  // namespace

void check_death_states(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  if (!doc.contains("processes") || !doc.at("processes").is_object()) return;
  const json& processes = doc.at("processes");
  auto add = [&](const std::string& at, std::string expected, std::string found) {
    out.add(origin(at), at, std::move(expected), std::move(found));
  };
  std::string with_deaths;  // the first process with death states
  for (const auto& [name, p] : processes.items()) {
    if (!p.is_object() || !p.contains("death_states")) continue;
    const std::string at = "/processes/" + name;
    const std::vector<std::string> states = strings(p, "states");
    const std::vector<std::string> dead = strings(p, "death_states");
    if (!is_person(p)) {
      add(at + "/death_states", "no death states in a household process (persons die)",
          p.at("death_states").dump());
      continue;
    }
    if (!with_deaths.empty()) {
      add(at + "/death_states",
          "death states in one process only (" + with_deaths +
              " has them: a person is dead by one process's state)",
          p.at("death_states").dump());
      continue;
    }
    with_deaths = name;
    auto is_dead = [&](const json& v) {
      return v.is_string() &&
             std::find(dead.begin(), dead.end(), v.get<std::string>()) != dead.end();
    };
    for (size_t i = 0; i < dead.size(); ++i)
      if (std::find(states.begin(), states.end(), dead[i]) == states.end())
        add(at + "/death_states/" + std::to_string(i),
            "one of the states of " + name + ": " + expr::join_names(states), "'" + dead[i] + "'");
    if (p.contains("transitions") && p.at("transitions").is_array())
      for (size_t i = 0; i < p.at("transitions").size(); ++i) {
        const json& t = p.at("transitions")[i];
        if (t.is_object() && t.contains("from") && is_dead(t.at("from")))
          add(at + "/transitions/" + std::to_string(i) + "/from",
              "a state other than a death state (death states are absorbing: no transition out)",
              t.at("from").dump() + ", a death state");
      }
    if (p.contains("events") && p.at("events").is_array())
      for (size_t i = 0; i < p.at("events").size(); ++i) {
        const json& e = p.at("events")[i];
        if (!e.is_object() || !e.contains("in") || !e.at("in").is_array()) continue;
        for (size_t k = 0; k < e.at("in").size(); ++k)
          if (is_dead(e.at("in")[k]))
            add(at + "/events/" + std::to_string(i) + "/in/" + std::to_string(k),
                "a state other than a death state (the dead have no events)",
                e.at("in")[k].dump() + ", a death state");
      }
    if (p.contains("cost_per_year") && p.at("cost_per_year").is_object())
      for (const std::string& d : dead)
        if (p.at("cost_per_year").contains(d))
          add(at + "/cost_per_year/" + d, "no cost in a death state (the dead are not billed)",
              p.at("cost_per_year").at(d).dump());
    if (p.contains("utility") && p.at("utility").is_object())
      for (const std::string& d : dead)
        if (p.at("utility").contains(d) && p.at("utility").at(d) != json(0) &&
            p.at("utility").at(d) != json(0.0))
          add(at + "/utility/" + d, "0 or nothing (the utility of a death state is 0)",
              p.at("utility").at(d).dump());
  }
  if (with_deaths.empty()) return;
  // Other person processes go on for persons in a death state: none may reward or cost them.
  for (const auto& [name, p] : processes.items()) {
    if (!p.is_object() || !is_person(p) || name == with_deaths) continue;
    for (const char* key : {"cost_per_year", "utility", "events"})
      if (p.contains(key) && !p.at(key).empty())
        add("/processes/" + name + "/" + key,
            std::string("no ") + key + " in another person process than " + with_deaths +
                ", which has death states (they would go on for the persons dead there)",
            "some");
  }
}

}  // namespace civicsim

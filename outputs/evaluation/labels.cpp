#include "outputs/evaluation/labels.hpp"

#include <cctype>

#include "engine/scenario/process_spec.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

// The string at `path` in the last scenario that has one ("" when none does).
std::string declared(const std::vector<const json*>& scenarios, const json::json_pointer& path) {
  std::string out;
  for (const json* s : scenarios)
    if (s && s->is_object() && s->contains(path) && s->at(path).is_string())
      out = s->at(path).get<std::string>();
  return out;
}

std::string or_readable(const std::string& label, const std::string& identifier) {
  return label.empty() ? readable(identifier) : label;
}

std::string lower_first(std::string s) {
  if (!s.empty() && std::isupper(static_cast<unsigned char>(s[0])) &&
      !(s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1]))))  // keep "NHS"
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string process_label(const std::vector<const json*>& scenarios, const std::string& process) {
  return or_readable(declared(scenarios, json::json_pointer("/processes/" + process + "/label")),
                     process);
}

// An event's label: the events array holds objects with a name.
std::string event_label(const std::vector<const json*>& scenarios, const std::string& process,
                        const std::string& event) {
  std::string out;
  for (const json* s : scenarios) {
    const json::json_pointer at("/processes/" + process + "/events");
    if (!s || !s->is_object() || !s->contains(at) || !s->at(at).is_array()) continue;
    for (const json& e : s->at(at))
      if (e.is_object() && e.value("name", "") == event && e.contains("label") &&
          e["label"].is_string())
        out = e["label"].get<std::string>();
  }
  return out.empty() ? process_label(scenarios, process) + ": " + lower_first(readable(event))
                     : out;
}

}  // namespace

std::string readable(const std::string& identifier) {
  std::string out;
  for (char c : identifier) out += c == '_' || c == '.' ? ' ' : c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string outcome_label(const std::vector<const json*>& scenarios, const std::string& outcome) {
  const auto split = [&](const std::string& mid) -> std::pair<std::string, std::string> {
    const size_t at = outcome.find(mid);
    if (at == std::string::npos) return {};
    return {outcome.substr(0, at), outcome.substr(at + mid.size())};
  };
  if (const auto [process, event] = split(".events."); !process.empty())
    return event_label(scenarios, process, event);
  if (const auto [process, state] = split(".years_in."); !process.empty()) {
    const std::string label =
        declared(scenarios, json::json_pointer("/processes/" + process + "/state_labels/" + state));
    return label.empty()
               ? process_label(scenarios, process) + ": years in " + lower_first(readable(state))
               : "Years in " + lower_first(label);
  }
  for (const auto& [suffix, words] : {std::pair<std::string, std::string>{".requested", "requests"},
                                      {".served", "requests served"}})
    if (outcome.size() > suffix.size() &&
        outcome.compare(outcome.size() - suffix.size(), suffix.size(), suffix) == 0) {
      const std::string service = outcome.substr(0, outcome.size() - suffix.size());
      return or_readable(declared(scenarios, json::json_pointer("/services/" + service + "/label")),
                         service) +
             ": " + words;
    }
  return readable(outcome);
}

json labels_document(const LabelSources& in) {
  json labels = {{"scenarios", json::object()},
                 {"payers", json::object()},
                 {"outcomes", json::object()},
                 {"cost_categories", json::object()},
                 {"interventions", json::object()}};
  for (const auto& [name, label] : in.scenario_labels)
    labels["scenarios"][name] = or_readable(label, name);
  // Payers' defaults: the names of engine/scenario/process_spec.hpp.
  for (size_t k = 0; k < kPayerNames.size(); ++k) {
    const char* payer = kPayerNames[k];
    const std::string label =
        declared(in.scenarios, json::json_pointer(std::string("/payers/") + payer + "/label"));
    labels["payers"][payer] = label.empty() ? std::string(kPayerLabels[k]) : label;
  }
  for (const std::string& o : in.outcomes) labels["outcomes"][o] = outcome_label(in.scenarios, o);
  for (const std::string& c : in.cost_categories)
    labels["cost_categories"][c] = or_readable(
        declared(in.scenarios, json::json_pointer("/cost_categories/" + c + "/label")), c);
  for (const std::string& i : in.interventions)
    labels["interventions"][i] = or_readable(
        declared(in.scenarios, json::json_pointer("/interventions/" + i + "/label")), i);
  for (const auto& [process, state] : in.states) {
    labels["processes"][process] = process_label(in.scenarios, process);
    labels["states"][process + "." + state] = or_readable(
        declared(in.scenarios,
                 json::json_pointer("/processes/" + process + "/state_labels/" + state)),
        state);
  }
  labels["metrics"] = {{"pv_costs", "Present value of costs"},
                       {"pv_costs_public", "Costs to the public sector"},
                       {"pv_costs_private", "Costs to private payers"},
                       {"pv_intervention_cost", "The option's own costs (before optimism bias)"},
                       {"pv_optimism_bias", "Optimism bias on the option's costs"},
                       {"pv_induced_costs", "Extra spending the option causes in services"},
                       {"pv_benefits", "Present value of benefits"},
                       {"pv_cashable", "Cashable savings"},
                       {"pv_non_cashable", "Non-cashable savings"},
                       {"pv_fiscal", "Fiscal benefits (public budgets)"},
                       {"pv_economic", "Economic benefits"},
                       {"pv_social", "Social benefits (including QALYs valued)"},
                       {"pv_benefit_optimism_bias", "Optimism bias taken off benefits"},
                       {"npsv", "Net present social value"},
                       {"npv_fiscal", "Net present value to the public purse"},
                       {"bcr", "Benefit-cost ratio"},
                       {"bcr_all_costs", "Benefits per pound of all costs"},
                       {"bcr_fiscal", "Fiscal benefit-cost ratio"},
                       {"roi", "Return on investment (fiscal)"},
                       {"p_npsv_positive", "Chance the net present social value is positive"},
                       {"p_roi_positive", "Chance the return on investment is positive"},
                       {"net_cost", "Net cost (NICE incremental cost)"},
                       {"qalys_gained", "QALYs gained"},
                       {"icer", "Cost per QALY gained (ICER)"},
                       {"payback_year", "Payback year"},
                       {"intervention_cost", "Present value of costs"},
                       {"savings_total", "Savings (fiscal and economic)"},
                       {"npv", "Net present value to the public purse"}};
  return labels;
}

}  // namespace civicsim::evaluation

#include "outputs/evaluation/arm_document.hpp"

#include "engine/evaluation/incremental_table.hpp"
#include "outputs/evaluation/option_appraisal.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

std::vector<double> per_person(const std::vector<double>& totals,
                               const std::vector<double>& persons) {
  std::vector<double> out;
  for (size_t r = 0; r < totals.size() && r < persons.size(); ++r)
    out.push_back(persons[r] > 0.0 ? totals[r] / persons[r] : 0.0);
  return out;
}

}  // namespace

json convention_document(const CycleConvention& c, const CycleGrid& grid) {
  return {{"state_rewards", to_string(c.state_rewards)}, {"cycle_zero", c.cycle_zero},
          {"discount_time", to_string(c.discount_time)}, {"cycles", grid.cycles},
          {"cycle_years", grid.years_per_cycle},         {"text", describe(c)}};
}

json arms_document(const std::vector<ArmInput>& arms) {
  json rows = json::array();
  for (const ArmInput& a : arms) {
    const ArmResults& r = a.results;
    const std::pair<const char*, const ArmMeasure*> measures[] = {
        {"costs", &r.costs}, {"qalys", &r.qalys}, {"life_years", &r.life_years}};
    for (const auto& [name, m] : measures)
      for (const bool discounted : {false, true}) {
        const std::vector<double>& totals = discounted ? m->discounted : m->undiscounted;
        // Life-years need the population series or a death state (absent in a bare series file).
        const bool known = !totals.empty();
        rows.push_back(
            {{"arm", a.name},
             {"label", a.label},
             {"measure", name},
             {"discounted", discounted},
             {"per_person", known ? interval(per_person(totals, r.persons)) : interval({})},
             {"total", known ? interval(totals) : interval({})},
             {"persons", mean(r.persons)}});
      }
  }
  return rows;
}

json incremental_document(const std::vector<ArmInput>& arms) {
  std::vector<CostEffect> points;
  for (const ArmInput& a : arms)
    points.push_back({a.name, mean(per_person(a.results.costs.discounted, a.results.persons)),
                      mean(per_person(a.results.qalys.discounted, a.results.persons))});
  json rows = json::array();
  for (const IncrementalRow& row : incremental_table(points)) {
    json by = json::array();
    for (size_t j : row.dominated_by) by.push_back(arms[j].name);
    const bool compared = row.compared_with.has_value();
    rows.push_back(
        {{"arm", row.name},
         {"label", arms[row.option].label},
         {"cost", row.cost},
         {"qalys", row.qalys},
         {"status", token(to_string(row.status))},
         {"compared_with", compared ? json(arms[*row.compared_with].name) : json()},
         {"incremental_cost", compared ? number_or_null(row.incremental_cost) : json()},
         {"incremental_qalys", compared ? number_or_null(row.incremental_qalys) : json()},
         {"icer", compared ? number_or_null(row.icer) : json()},
         {"dominated_by", by}});
  }
  return rows;
}

json trace_document(const std::vector<ArmInput>& arms) {
  json rows = json::array();
  for (const ArmInput& a : arms)
    for (const TraceRow& t : a.results.trace)
      rows.push_back({{"arm", a.name},
                      {"process", t.process},
                      {"state", t.state},
                      {"cycle", t.cycle},
                      {"date", t.date},
                      {"count", t.count},
                      {"share", t.share}});
  return rows;
}

}  // namespace civicsim::evaluation

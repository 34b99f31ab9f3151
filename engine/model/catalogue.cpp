// Building the run's expression catalogue (see catalogue.hpp).
#include "engine/model/catalogue.hpp"

#include <string>

#include "engine/population/strata.hpp"

namespace civicsim::process {
namespace {
using expr::Attribute;

}  // namespace

RunCatalogue build_catalogue(const Population& population, const Scenario& scenario) {
  const std::vector<ProcessSpec>& processes = scenario.processes;
  const int steps = scenario.steps();
  RunCatalogue rc;
  expr::Catalogue& c = rc.catalogue;
  auto note = [&](size_t v, CodeSource s) {
    if (rc.source.size() <= v) rc.source.resize(v + 1);
    rc.source[v] = s;
  };
  const size_t age =
      c.add_integer_variable("age", 0, kOldestAge, "age in completed years (110: 110 and over)");
  c.mark_open_top(age);  // rates, life tables and strata stop at kOldestAge
  note(age, {CodeKind::kAge});
  std::vector<double> band_of_age;
  for (uint8_t b : age_band_table()) band_of_age.push_back(b);
  c.add_attribute({.name = "age_band",
                   .variable = age,
                   .type = Attribute::Type::kCategory,
                   .value_of_code = band_of_age,
                   .labels = age_band_labels(),
                   .description = "age band of the results"});
  note(c.add_category_variable("sex", {"female", "male"}), {CodeKind::kSex});

  const Areas& a = population.areas;
  const size_t area = c.add_variable("area", std::max<size_t>(a.size(), 1), "LSOA (row)");
  note(area, {CodeKind::kArea});
  auto area_number = [&](const char* name, auto value) {
    std::vector<double> v(std::max<size_t>(a.size(), 1), 0.0);
    for (size_t i = 0; i < a.size(); ++i) v[i] = static_cast<double>(value(i));
    c.add_attribute(
        {.name = name, .variable = area, .type = Attribute::Type::kNumber, .value_of_code = v});
  };
  area_number("area.imd_score", [&](size_t i) { return a.imd_score[i]; });
  area_number("area.air_quality", [&](size_t i) { return a.air_quality[i]; });
  area_number("area.poor_condition_share", [&](size_t i) { return a.poor_condition_share[i]; });
  area_number("area.no_central_heating_share",
              [&](size_t i) { return a.no_central_heating_share[i]; });
  // Council and deprivation have variables of their own (read through the area), so a table by
  // quintile has 5 cells, not one per LSOA.
  std::vector<std::string> councils;
  for (const auto& co : population.councils) councils.push_back(co.name);
  note(c.add_category_variable("area.council", councils, "council of the LSOA"),
       {CodeKind::kCouncil});
  note(c.add_integer_variable("area.imd_quintile", 1, 5, "IMD 2019 quintile (1 most deprived)"),
       {CodeKind::kImdQuintile});
  note(c.add_integer_variable("area.imd_decile", 1, 10, "IMD 2019 decile (1 most deprived)"),
       {CodeKind::kImdDecile});
  c.add_alias("council", "area.council");
  c.add_alias("imd_quintile", "area.imd_quintile");
  c.add_alias("imd_decile", "area.imd_decile");

  note(c.add_category_variable("household.tenure",
                               {"owner_occupied", "social_rented", "private_rented"}),
       {CodeKind::kTenure});
  note(c.add_category_variable("household.type", {"one_person", "couple_no_children",
                                                  "couple_with_children", "lone_parent", "other"}),
       {CodeKind::kHouseholdType});
  const size_t cond = c.add_variable("household.condition", 16, "housing-condition bits");
  note(cond, {CodeKind::kCondition});
  const std::pair<const char*, uint8_t> flags[] = {
      {"household.damp", condition::kDamp},
      {"household.poor_condition", condition::kPoorCondition},
      {"household.no_central_heating", condition::kNoCentralHeating},
      {"household.overcrowded", condition::kOvercrowded}};
  for (const auto& [name, bit] : flags) {
    std::vector<double> v(16);
    for (size_t k = 0; k < 16; ++k) v[k] = (k & bit) ? 1.0 : 0.0;
    c.add_attribute({.name = name,
                     .variable = cond,
                     .type = Attribute::Type::kCategory,
                     .value_of_code = v,
                     .labels = {"no", "yes"}});
  }
  const size_t cycle = c.add_integer_variable("cycle", 0, steps, "steps completed since the start");
  note(cycle, {CodeKind::kCycle});
  // Calendar time, read through the cycle (so amounts by year stay tables of the cycle): the
  // calendar year and the UK financial year (April to March, named by the year it starts in) of
  // time point c, and the years elapsed since the start (c x step length).
  std::vector<double> year, financial_year, elapsed;
  for (int t = 0; t <= steps; ++t) {
    const YearMonth d = scenario.date_at(t);
    year.push_back(d.year());
    financial_year.push_back(d.month() >= 4 ? d.year() : d.year() - 1);
    elapsed.push_back(t * scenario.step_months / 12.0);
  }
  c.add_attribute({.name = "year",
                   .variable = cycle,
                   .type = Attribute::Type::kNumber,
                   .value_of_code = year,
                   .description = "calendar year of the time point"});
  c.add_attribute({.name = "financial_year",
                   .variable = cycle,
                   .type = Attribute::Type::kNumber,
                   .value_of_code = financial_year,
                   .description = "UK financial year of the time point (2026: April 2026 to March "
                                  "2027)"});
  c.add_attribute({.name = "years_elapsed",
                   .variable = cycle,
                   .type = Attribute::Type::kNumber,
                   .value_of_code = elapsed,
                   .description = "years since the start: cycle x step_months / 12"});

  rc.first_process_variable = c.variable_count();
  for (size_t p = 0; p < processes.size(); ++p) {
    const ProcessSpec& spec = processes[p];
    const auto pid = static_cast<uint16_t>(p);
    const bool household = spec.entity == Entity::kHousehold;
    note(c.add_category_variable(spec.name, spec.states, "state of process " + spec.name),
         {CodeKind::kState, pid, 0, household});
    note(c.add_integer_variable(spec.name + ".time_in_state", 0, steps,
                                "steps in the current state"),
         {CodeKind::kTimeInState, pid, 0, household});
    for (size_t g = 0; g < spec.groups.size(); ++g)
      note(c.add_integer_variable(spec.name + ".time_in_" + spec.groups[g].first, 0, steps,
                                  "steps in group " + spec.groups[g].first),
           {CodeKind::kTimeInGroup, pid, static_cast<uint16_t>(g), household});
  }
  for (size_t k = 0; k < scenario.services.size(); ++k)
    note(c.add_category_variable(scenario.services[k].name, {"none", "waiting", "served", "lapsed"},
                                 "status of the person's latest request to this service"),
         {CodeKind::kServiceStatus, static_cast<uint16_t>(k)});
  for (size_t k = 0; k < scenario.interventions.size(); ++k) {
    const InterventionSpec& iv = scenario.interventions[k];
    const size_t v = c.add_variable(iv.name, static_cast<size_t>(steps) + 2,
                                    "receipt of the intervention: 0 not received, else steps since "
                                    "receipt + 1");
    note(v, {CodeKind::kIntervention, static_cast<uint16_t>(k), 0,
             iv.unit == InterventionUnit::kHousehold});
    std::vector<double> received(static_cast<size_t>(steps) + 2, 1.0), since(received.size());
    received[0] = 0.0;
    for (size_t code = 0; code < since.size(); ++code)
      since[code] = static_cast<double>(code) - 1.0;
    c.add_attribute({.name = iv.name,
                     .variable = v,
                     .type = Attribute::Type::kCategory,
                     .value_of_code = received,
                     .labels = {"no", "yes"},
                     .description = "received the intervention"});
    c.add_attribute({.name = iv.name + ".time_since",
                     .variable = v,
                     .type = Attribute::Type::kNumber,
                     .value_of_code = since,
                     .description = "steps since the intervention was received (-1: not yet)"});
    rc.intervention_variable.push_back(v);
  }
  return rc;
}

}  // namespace civicsim::process

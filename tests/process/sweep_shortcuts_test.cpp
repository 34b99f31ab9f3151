// The person sweep's shortcuts give exactly what the plain per-row code gives, on the LCR baseline
// (a 1% sample, the need model: most persons are adults resting in state 'none'; asthma, at every
// age, has no rest state and is swept whole):
// - table cells computed a term at a time over many rows (kernel::person_cells) equal cell_of row
// by
//   row, for every plan of every person process;
// - a sweep that leaves the resting rows alone and counts them from the living (SweepArgs::living),
//   looking only at the rows kept awake across steps (SweepArgs::awake), gives the same tallies,
//   states and entry times as a sweep of every living row, step after step.
#include <gtest/gtest.h>

#include <numeric>

#include "engine/kernel/cells.hpp"
#include "engine/kernel/sweep.hpp"
#include "engine/model/row.hpp"
#include "engine/sim/phase.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

// The baseline's phase at time point 0.
struct Baseline {
  Scenario scenario = load_scenario(testing::source_dir() / "scenarios/lcr/baseline.json",
                                    {{"population", {{"scale", 0.01}}}});
  Population population = build_population(scenario.population, scenario.seed, scenario.start);
  process::Phase phase{scenario, population};
  RandomKey key = RandomKey::make(scenario.seed, 0);
  process::Columns columns;

  Baseline() {
    RunResults results;  // start() records time point 0: give it the series
    results.dimensions = standard_dimensions(population);
    for (int t = 0; t <= scenario.steps(); ++t)
      results.time.push_back(scenario.date_at(t).to_string());
    phase.declare(results);
    std::vector<std::vector<double>> values;
    for (size_t s = 0; s < results.series.size(); ++s)
      values.emplace_back(results.time_points(s) * results.cells(s), 0.0);
    phase.start(population, key, columns, values);
  }
};

std::vector<const process::IndexPlan*> person_plans(const process::Model& model) {
  std::vector<const process::IndexPlan*> plans;
  for (const auto& cp : model.processes) {
    if (cp.household) continue;
    for (const auto& plan : cp.transitions.plan) plans.push_back(&plan);
    for (const auto& e : cp.events) plans.push_back(&e.plan);
  }
  return plans;
}

TEST(SweepShortcuts, CellsOfManyRowsEqualCellOfEachRow) {
  const Baseline b;
  const People& p = b.population.people;
  std::vector<uint32_t> rows(p.size()), cells(p.size());
  std::iota(rows.begin(), rows.end(), 0u);
  const process::Context ctx{
      &p, &b.population.households,    &b.population.areas, &b.columns, &b.phase.model(),
      3,  b.scenario.date_at(3).months};
  const auto plans = person_plans(b.phase.model());
  ASSERT_FALSE(plans.empty());
  for (const process::IndexPlan* plan : plans) {
    process::kernel::person_cells(*plan, rows.data(), rows.size(), ctx, cells.data());
    for (size_t i = 0; i < p.size(); ++i)
      ASSERT_EQ(cells[i], process::cell_of(*plan, i, ctx)) << "row " << i;
  }
}

TEST(SweepShortcuts, LeavingRestingRowsAloneChangesNothing) {
  Baseline b;
  process::Columns& columns = b.columns;
  const process::Model& model = b.phase.model();
  const Areas& areas = b.population.areas;
  std::vector<uint32_t> area_cell(areas.size());
  for (size_t a = 0; a < areas.size(); ++a)
    area_cell[a] = static_cast<uint32_t>(person_cell(b.phase.area_cq()[a], 0, 0));
  const size_t person_cells = b.population.councils.size() * kAgeBands * kSexCount * kImdQuintiles;
  const size_t cq_cells = b.population.councils.size() * kImdQuintiles;
  const auto band_of_age = age_band_table();
  const People& p = b.population.people;
  size_t person_processes = 0;
  const process::AwakePlan& plan = b.phase.awake_plan();
  ASSERT_TRUE(plan.active());  // the need model rests in 'none' (asthma runs at every age)
  for (int t = 0; t < 24; ++t) {
    const int32_t now = b.scenario.date_at(t).months, next = b.scenario.date_at(t + 1).months;
    std::vector<uint32_t> living(person_cells, 0);
    for (size_t i = 0; i < p.size(); ++i)
      if (p.alive[i])
        ++living[area_cell[p.area[i]] +
                 (band_of_age[process::age_code(p, i, next)] * kSexCount + p.sex[i]) *
                     kImdQuintiles];
    // The rows not resting, brought up to date as Phase::step does (children age out of the list).
    std::vector<const uint8_t*> states;
    for (uint32_t q : plan.process) states.push_back(columns.process[q].state.data());
    process::update_awake(plan, p, states, now, columns.awake);
    for (size_t q = 0; q < model.processes.size(); ++q) {
      const process::CompiledProcess& cp = model.processes[q];
      if (cp.household) continue;
      ++person_processes;
      process::Columns plain = columns;
      const process::SweepArgs with_rest{cp,
                                         q,
                                         b.population,
                                         b.key,
                                         t,
                                         now,
                                         next,
                                         columns,
                                         model,
                                         b.phase.area_cq(),
                                         area_cell,
                                         person_cells,
                                         cq_cells,
                                         &living,
                                         &columns.awake};
      const process::SweepArgs every_row{cp,
                                         q,
                                         b.population,
                                         b.key,
                                         t,
                                         now,
                                         next,
                                         plain,
                                         model,
                                         b.phase.area_cq(),
                                         area_cell,
                                         person_cells,
                                         cq_cells,
                                         nullptr};
      const process::Tally fast = process::kernel::sweep(with_rest),
                           slow = process::kernel::sweep(every_row);
      // The four copies of the occupancy add up to the same counts.
      const size_t cells = cp.states.size() * person_cells;
      std::vector<uint64_t> a(cells, 0), c(cells, 0);
      for (size_t k = 0; k < fast.occupancy.size(); ++k) a[k % cells] += fast.occupancy[k];
      for (size_t k = 0; k < slow.occupancy.size(); ++k) c[k % cells] += slow.occupancy[k];
      ASSERT_EQ(a, c) << cp.name << " step " << t;
      ASSERT_EQ(fast.transitions, slow.transitions) << cp.name << " step " << t;
      ASSERT_EQ(fast.events, slow.events) << cp.name << " step " << t;
      ASSERT_EQ(fast.requests.size(), slow.requests.size());
      ASSERT_EQ(columns.process[q].state, plain.process[q].state) << cp.name << " step " << t;
      ASSERT_EQ(columns.process[q].next, plain.process[q].next) << cp.name << " step " << t;
      ASSERT_EQ(columns.process[q].entered, plain.process[q].entered) << cp.name << " step " << t;
    }
  }
  EXPECT_GT(person_processes, 0u);
}

}  // namespace
}  // namespace civicsim

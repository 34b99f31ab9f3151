// The service and intervention phase (see action_phase.hpp).
#include "engine/sim/action_phase.hpp"

#include <omp.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "engine/kernel/cells.hpp"
#include "engine/kernel/group_rows.hpp"
#include "engine/model/row.hpp"
#include "engine/population/strata.hpp"

namespace civicsim::services {
namespace {

// The step coordinate of a unit's offer and uptake draws: no real step, so they never change.
constexpr uint32_t kPropensityStep = 0xFFFFFFFFu;

constexpr uint32_t kInterventionTag = 0x80000000u;  // tag of a request that delivers intervention

bool is_intervention(const ServiceRequest& r) { return (r.tag & kInterventionTag) != 0; }
size_t intervention_of(const ServiceRequest& r) { return r.tag & ~kInterventionTag; }

bool below(uint32_t word, uint32_t threshold, double p) { return p >= 1.0 || word < threshold; }

double cash(const std::array<double, kPayerCount>& gbp) {
  return std::accumulate(gbp.begin(), gbp.end(), 0.0);
}

// Runs scan(begin, end, rows, cells, found) over the ranges [begin, end) = range(b) of blocks b <
// blocks (each at most a block long) in parallel, rows and cells being a thread's scratch of one
// block, and joins what the blocks found in block order (so the result does not depend on the
// thread count).
template <class Range, class Scan>
std::vector<uint32_t> scan_ranges(size_t blocks, const Range& range, const Scan& scan) {
  const size_t block = process::kBlockRows;
  std::vector<std::vector<uint32_t>> found(blocks);
#pragma omp parallel
  {
    std::vector<uint32_t> rows(block), cells(block);
#pragma omp for schedule(dynamic, 4)
    for (size_t b = 0; b < blocks; ++b) {
      const auto [begin, end] = range(b);
      scan(begin, end, rows.data(), cells.data(), found[b]);
    }
  }
  std::vector<uint32_t> out;
  for (const auto& f : found) out.insert(out.end(), f.begin(), f.end());
  return out;
}

// scan_ranges over the blocks of [0, n).
template <class Scan>
std::vector<uint32_t> scan_blocks(size_t n, const Scan& scan) {
  const size_t block = process::kBlockRows;
  return scan_ranges((n + block - 1) / block,
                     [&](size_t b) { return std::pair(b * block, std::min(n, (b + 1) * block)); },
                     scan);
}

using process::kernel::rows_passing;  // a vectorised compaction (process/group_rows.hpp)

// rows[] = the living rows of [begin, end) (at most a block): persons, or households with a living
// member; returns how many.
size_t living_rows(const Population& pop, bool households, size_t begin, size_t end,
                   uint32_t* rows) {
  if (!households) return rows_passing(&pop.people.alive[begin], begin, end, rows);
  uint8_t living[process::kBlockRows];
  for (size_t h = begin; h < end; ++h) living[h - begin] = pop.households.living[h] > 0;
  return rows_passing(living, begin, end, rows);
}

// The cells of a block's rows a variable at a time (process/cells.hpp): the same cells as cell_of.
void cells_of(const process::IndexPlan& plan, bool households, const uint32_t* rows, size_t m,
              const process::Context& ctx, uint32_t* cells) {
  if (households)
    process::kernel::household_cells(plan, rows, m, ctx, cells);
  else
    process::kernel::person_cells(plan, rows, m, ctx, cells);
}

// rows[] = the living persons of [begin, end) whose age in months at `now_months` passes
// (passes[months]), one load per row in place of a division, a clamp and two lookups; returns how
// many.
size_t living_of_age(const People& p, const std::vector<uint8_t>& passes, int32_t now_months,
                     size_t begin, size_t end, uint32_t* rows) {
  uint8_t pass[process::kBlockRows];
  for (size_t r = begin; r < end; ++r) {
    const int32_t months = std::clamp(now_months - p.birth_month[r], 0, kAgeMonths - 1);
    pass[r - begin] = p.alive[r] & passes[months];
  }
  return rows_passing(pass, begin, end, rows);
}

// Keeps the rows[0, m) whose class passes filter f (cells: scratch); returns how many.
size_t keep_passing(const Intervention::WhoFilter& f, bool households, uint32_t* rows, size_t m,
                    const process::Context& ctx, uint32_t* cells) {
  cells_of(f.plan, households, rows, m, ctx, cells);  // the class
  uint8_t pass[process::kBlockRows];
  for (size_t k = 0; k < m; ++k) pass[k] = f.possible[cells[k]];
  return process::kernel::compact_state(pass, rows, m, 1, rows);
}

// Every time in state or group that a plan of the actions reads is kept by the processes
// (compile_model marks them from the scenario; CompiledProcess::tracks_time): a plan it missed
// would read a column that is not there, so it stops the run as a program error.
void check_times_kept(const Actions& a, const process::Model& model) {
  auto check = [&](const process::IndexPlan& plan) {
    for (const process::Term& t : plan.terms) {
      const bool in_state = t.source.kind == process::CodeKind::kTimeInState;
      if (!in_state && t.source.kind != process::CodeKind::kTimeInGroup) continue;
      const process::CompiledProcess& cp = model.processes[t.source.process];
      if (in_state ? cp.tracks_time : cp.tracks_group[t.source.group] != 0) continue;
      throw std::logic_error(
          "civicsim: internal error: a service or intervention reads a time of "
          "process " +
          cp.name + " that compile_model did not keep");
    }
  };
  for (const Intervention& iv : a.interventions) {
    check(iv.who_plan);
    for (const Intervention::WhoFilter& f : iv.who_filters) check(f.plan);
    check(iv.cost.per_unit.plan);
    check(iv.cost.per_unit_per_year.plan);
  }
  for (const auto& chain : a.shared_filters)
    for (const Intervention::WhoFilter& f : chain) check(f.plan);
  for (const Service& s : a.services) check(s.cost_gbp.plan);
}

}  // namespace

struct ActionPhase::StepContext {
  Population& population;
  RandomKey key;
  int t;
  process::Columns& columns;
  ActionState& state;
  std::vector<std::vector<double>>& values;
  std::vector<std::vector<ServiceRequest>> submitted;  // [service]: this step's requests
  double dt;
  process::Context codes;  // what `who` and a unit's amounts read, at the step's start
  // [shared filter]: the living persons passing it, in row order, once found this step.
  std::vector<std::optional<std::vector<uint32_t>>> passing;
  // With death states: by household, whether a member is living and not dead by a state, found
  // on first use (what households' living counts say without death states).
  std::optional<std::vector<uint8_t>> households_living = {};

  // Decisions are taken at the step's start: receipt at time point t, read by step t's sweep.
  int32_t point() const { return t; }
  size_t step_offset(size_t cells) const { return static_cast<size_t>(t) * cells; }
};

ActionPhase::ActionPhase(const Scenario& scenario, const Population& initial,
                         const process::Phase& processes)
    : scenario_(scenario), processes_(processes) {
  if (scenario.services.empty() && scenario.interventions.empty()) return;
  DiagnosticList errors;
  const process::Site site{scenario, processes.catalogue(), errors};
  actions_ = compile_actions(site, initial, processes.model());
  errors.throw_if_any();
  check_times_kept(actions_, processes.model());
  area_cq_ = processes.area_cq();
  for (const ProcessSpec& spec : scenario.processes) {
    if (spec.death_states.empty()) continue;
    const auto& compiled = processes.model().processes;
    for (size_t q = 0; q < compiled.size(); ++q) {
      if (compiled[q].name != spec.name) continue;
      death_process_ = static_cast<int>(q);
      death_state_.assign(compiled[q].states.size(), 0);
      for (const std::string& d : spec.death_states)
        death_state_[static_cast<size_t>(
            std::find(compiled[q].states.begin(), compiled[q].states.end(), d) -
            compiled[q].states.begin())] = 1;
    }
  }
  councils_ = initial.councils.size();
  cq_cells_ = councils_ * kImdQuintiles;
}

void ActionPhase::declare(RunResults& results) {
  if (empty()) return;
  auto add = [&](SeriesDecl d) {
    results.series.push_back(std::move(d));
    return results.series.size() - 1;
  };
  if (std::any_of(actions_.services.begin(), actions_.services.end(),
                  [](const Service& s) { return !s.per_council; }))
    results.dimensions.push_back({"region", {"all"}});
  for (const Service& s : actions_.services) {
    const std::vector<std::string> dims = {s.per_council ? "council" : "region"};
    const std::string& n = s.name;
    auto flow = [&](const char* what, const char* unit, const std::string& text) {
      return add({n + "." + what, unit, text, SeriesKind::kFlow, dims, true});
    };
    ServiceIds ids{};
    ids.requested = flow("requested", "requests", "Requests to " + n + " made during each step.");
    ids.served = flow("served", "requests", "Requests to " + n + " served during each step.");
    ids.lapsed = flow("lapsed", "requests",
                      "Requests to " + n +
                          " that lapsed during each step (waited too long, or "
                          "the person died).");
    ids.waiting = add({n + ".waiting", "requests", "Requests waiting for " + n + " (queue length).",
                       SeriesKind::kStock, dims, true});
    ids.wait_steps = flow("wait_steps", "steps",
                          "Total steps waited by the requests served during each step (mean wait "
                          "= wait_steps / served).");
    ids.capacity = add({n + ".capacity", "requests",
                        "Capacity of " + n +
                            " in each step (per year x step length, with what "
                            "interventions add).",
                        SeriesKind::kFlow, dims, false});
    service_ids_.push_back(ids);
  }
  const std::vector<std::string> cq = {"council", "imd_quintile"};
  std::vector<std::string> names;
  for (const Intervention& iv : actions_.interventions) {
    names.push_back(iv.name);
    const std::string unit = iv.household ? "households" : "persons";
    auto flow = [&](const char* what, const std::string& text) {
      return add({iv.name + "." + what, unit, text, SeriesKind::kFlow, cq, true});
    };
    InterventionIds ids{};
    ids.eligible =
        flow("eligible", "Units satisfying who (and not yet served) in an enrolment step.");
    ids.offered = flow("offered", "Eligible units offered it (coverage).");
    ids.enrolled = flow("enrolled", "Units that took it up and were enrolled within the budget.");
    ids.over_budget = flow("over_budget",
                           "Units that took it up but were not enrolled: the "
                           "year's budget was committed.");
    ids.received = flow("received",
                        "Units that received it (at once, or when its service "
                        "served them).");
    intervention_ids_.push_back(ids);
  }
  if (actions_.interventions.empty()) return;
  results.dimensions.push_back({"intervention", names});
  intervention_costs_ =
      add({"intervention_costs",
           "GBP",
           "Costs of the interventions per unit (one-off and recurring), base estimates before "
           "optimism bias (the evaluation applies it), undiscounted, by the unit's council and "
           "IMD quintile.",
           SeriesKind::kFlow,
           {"intervention", "payer", "council", "imd_quintile"},
           false});
  intervention_fixed_costs_ =
      add({"intervention_fixed_costs",
           "GBP",
           "Programme costs of the interventions (fixed and fixed per year), base estimates "
           "before optimism bias (the evaluation applies it), undiscounted.",
           SeriesKind::kFlow,
           {"intervention", "payer"},
           false});
}

ActionState ActionPhase::start() const {
  ActionState st;
  for (const Service& s : actions_.services)
    st.queues.emplace_back(ServiceSettings{s.name, s.capacity_per_year.at(0), s.max_wait_steps});
  st.queued.resize(actions_.interventions.size());
  st.committed.assign(actions_.interventions.size(), 0.0);
  return st;
}

void ActionPhase::add_cost(size_t i, const std::array<double, kPayerCount>& gbp, double units,
                           size_t cq, int t, std::vector<std::vector<double>>& values) const {
  const size_t n = actions_.interventions.size();
  double* out =
      values[intervention_costs_].data() + static_cast<size_t>(t) * n * kPayerCount * cq_cells_;
  for (size_t k = 0; k < kPayerCount; ++k)
    if (gbp[k] != 0.0) out[(i * kPayerCount + k) * cq_cells_ + cq] += gbp[k] * units;
}

std::pair<double, double> ActionPhase::recurring_weights() const {
  switch (scenario_.rewards.state_timing) {
    case StateRewardTiming::kEndOfStep:
      return {0.0, 1.0};
    case StateRewardTiming::kHalfStep:
      return {0.5, 0.5};
    default:
      return {1.0, 0.0};
  }
}

void ActionPhase::bill_recurring(size_t i, double share, const Population& population,
                                 const process::Context& ctx, int t,
                                 std::vector<std::vector<double>>& values,
                                 double& committed) const {
  const Intervention& iv = actions_.interventions[i];
  const UnitAmounts& amounts = iv.cost.per_unit_per_year;
  const std::array<double, kPayerCount>& gbp = amounts.by_step.at(t);
  if (share == 0.0 || !iv.runs_at(t) || (amounts.per_row ? !amounts.any() : cash(gbp) == 0.0))
    return;
  const People& p = population.people;
  const Households& h = population.households;
  const process::Columns& columns = *ctx.columns;
  const std::vector<int16_t>& received = columns.received_at[i];
  std::vector<uint8_t> living;  // with death states: households with a member not dead
  if (iv.household && death_process_ >= 0) living = households_living(population, columns);
  auto holds = [&](size_t u) {
    if (received[u] < 0) return false;
    return iv.household ? (living.empty() ? h.living[u] > 0 : living[u] != 0)
                        : p.alive[u] != 0 && !dead(columns, static_cast<uint32_t>(u));
  };
  auto cq_of = [&](size_t u) -> size_t { return area_cq_[iv.household ? h.area[u] : p.area[u]]; };
  const double dt = scenario_.step_months / 12.0;
  if (amounts.per_row) {
    // Each unit's own amounts, summed by council x quintile in row order (the same at any thread
    // count), its cycle and age those of time point t.
    const int32_t t_months = scenario_.date_at(t).months;
    std::vector<std::array<double, kPayerCount>> sum(cq_cells_, std::array<double, kPayerCount>{});
    std::vector<uint8_t> any(cq_cells_, 0);
    for (size_t u = 0; u < received.size(); ++u) {
      if (!holds(u)) continue;
      const auto row = static_cast<uint32_t>(u);
      const std::array<double, kPayerCount>& a = amounts.of(row, iv.household, ctx, t, t_months);
      const size_t cq = cq_of(u);
      any[cq] = 1;
      for (size_t k = 0; k < kPayerCount; ++k) sum[cq][k] += a[k];
    }
    for (size_t cq = 0; cq < cq_cells_; ++cq) {
      if (!any[cq]) continue;
      add_cost(i, sum[cq], dt * share, cq, t, values);
      committed += cash(sum[cq]) * dt * share;
    }
    return;
  }
  std::vector<uint64_t> units(cq_cells_, 0);
  for (size_t u = 0; u < received.size(); ++u)
    if (holds(u)) ++units[cq_of(u)];
  const double unit_cash = cash(gbp);
  for (size_t cq = 0; cq < cq_cells_; ++cq) {
    if (units[cq] == 0) continue;
    add_cost(i, gbp, static_cast<double>(units[cq]) * dt * share, cq, t, values);
    committed += unit_cash * static_cast<double>(units[cq]) * dt * share;
  }
}

void ActionPhase::apply_moves(const std::vector<Move>& moves, uint32_t row, StepContext& c) const {
  for (const Move& m : moves)
    if (m.from[c.columns.process[m.process].state[row]])
      processes_.move(c.population, m.process, row, m.to, c.t, c.columns, c.values);
}

bool ActionPhase::dead(const process::Columns& columns, uint32_t person) const {
  return death_process_ >= 0 &&
         death_state_[columns.process[static_cast<size_t>(death_process_)].state[person]] != 0;
}

std::vector<uint8_t> ActionPhase::households_living(const Population& population,
                                                    const process::Columns& columns) const {
  const People& p = population.people;
  std::vector<uint8_t> living(population.households.size(), 0);
  for (size_t i = 0; i < p.size(); ++i)
    if (p.alive[i] && !dead(columns, static_cast<uint32_t>(i))) living[p.household[i]] = 1;
  return living;
}

const std::vector<uint8_t>* ActionPhase::living_households(StepContext& c) const {
  if (death_process_ < 0) return nullptr;  // households' living counts say it
  if (!c.households_living) c.households_living = households_living(c.population, c.columns);
  return &*c.households_living;
}

void ActionPhase::receive(size_t i, uint32_t row, StepContext& c) const {
  const Intervention& iv = actions_.interventions[i];
  Households& h = c.population.households;
  const uint32_t household = iv.household ? row : c.population.people.household[row];
  const bool held = c.columns.received_at[i][row] >= 0;
  // The one-off cost of the unit as it comes to receive it, before its effects (as the budget
  // committed it, for a unit that receives it at once).
  const std::array<double, kPayerCount> once =
      iv.cost.per_unit.of(row, iv.household, c.codes, c.t, c.codes.now_months);
  c.columns.received_at[i][row] = static_cast<int16_t>(c.point());
  const auto& processes = processes_.model().processes;
  for (const auto& [bit, on] : iv.set_conditions) {
    h.condition[household] =
        on ? h.condition[household] | bit : h.condition[household] & static_cast<uint8_t>(~bit);
    for (size_t q = 0; q < processes.size(); ++q)  // a process standing for the attribute follows
      if (processes[q].attribute_bit == bit)
        processes_.move(c.population, q, household, on ? 1 : 0, c.t, c.columns, c.values);
  }
  if (!iv.household) apply_moves(iv.moves, row, c);
  const size_t cq = area_cq_[h.area[household]];
  add_cost(i, once, 1.0, cq, c.t, c.values);
  // A unit that starts holding it is billed its recurring cost from this step, as bill_recurring
  // bills the units that held it before (it is living: enrolled, or served, at the step's start),
  // its amount read as it holds it (after the effects).
  const double start_share = recurring_weights().first;
  const std::array<double, kPayerCount>& recurring =
      iv.cost.per_unit_per_year.of(row, iv.household, c.codes, c.t, c.codes.now_months);
  if (!held && iv.runs_at(c.t) && start_share > 0.0 && cash(recurring) > 0.0) {
    add_cost(i, recurring, start_share * c.dt, cq, c.t, c.values);
    c.state.committed[i] += cash(recurring) * start_share * c.dt;
  }
  c.values[intervention_ids_[i].received][c.step_offset(cq_cells_) + cq] += 1;
}

const std::vector<uint32_t>& ActionPhase::passing(size_t f, StepContext& c) const {
  std::optional<std::vector<uint32_t>>& rows = c.passing[f];
  if (rows) return *rows;
  const std::vector<Intervention::WhoFilter>& chain = actions_.shared_filters[f];
  const Intervention::WhoFilter& filter = chain.front();
  const process::Context& ctx = c.codes;
  const process::Term& term = filter.plan.terms.front();
  std::vector<uint8_t> by_months;  // an age filter: passes by age in months
  if (term.source.kind == process::CodeKind::kAge)
    for (int32_t months = 0; months < kAgeMonths; ++months)
      by_months.push_back(filter.possible[term.index(static_cast<uint32_t>(months / 12))]);
  const People& p = c.population.people;
  // An age filter that no one passes at the age from which the rest states rest (a child's age)
  // looks only at the persons listed awake: anyone else is older (process/awake.hpp).
  const process::AwakePlan& plan = processes_.awake_plan();
  // The block's m rows passing the first filter, then the chain's further filters on them.
  auto keep = [&](uint32_t* block, size_t m, uint32_t* cells, std::vector<uint32_t>& out) {
    for (size_t k = 1; k < chain.size(); ++k)
      m = keep_passing(chain[k], false, block, m, ctx, cells);
    out.assign(block, block + m);
  };
  // The list is kept from the first step's sweep on: before it, every row is looked at.
  if (!by_months.empty() && plan.active() && c.columns.awake.seen == p.size() &&
      std::none_of(by_months.begin() + plan.months, by_months.end(), [](uint8_t x) { return x; })) {
    const process::AwakeRows& awake = c.columns.awake;  // living, with their birth months
    auto entries = [&](size_t b) {
      return std::pair<size_t, size_t>(awake.first[b], awake.end[b]);
    };
    rows = scan_ranges(awake.first.size(), entries,
                       [&](size_t begin, size_t end, uint32_t* block, uint32_t* cells,
                           std::vector<uint32_t>& out) {
                         uint8_t pass[process::kBlockRows];
                         for (size_t k = begin; k < end; ++k) {
                           const int32_t months =
                               std::clamp(ctx.now_months - awake.birth[k], 0, kAgeMonths - 1);
                           pass[k - begin] = by_months[months];
                         }
                         const size_t m = process::kernel::compact_state(
                             pass, awake.rows.data() + begin, end - begin, 1, block);
                         keep(block, m, cells, out);
                       });
    return *rows;
  }
  rows = scan_blocks(p.size(), [&](size_t begin, size_t end, uint32_t* block, uint32_t* cells,
                                   std::vector<uint32_t>& out) {
    if (!by_months.empty()) {
      keep(block, living_of_age(p, by_months, ctx.now_months, begin, end, block), cells, out);
      return;
    }
    const size_t m = living_rows(c.population, false, begin, end, block);
    keep(block, keep_passing(filter, false, block, m, ctx, cells), cells, out);
  });
  return *rows;
}

void ActionPhase::enrol(size_t i, StepContext& c) const {
  const Intervention& iv = actions_.interventions[i];
  const People& p = c.population.people;
  const Households& h = c.population.households;
  const process::Context& ctx = c.codes;
  const std::vector<int16_t>& received = c.columns.received_at[i];
  const std::unordered_set<uint32_t>& queued = c.state.queued[i];
  // Units satisfying `who`: from the rows passing its shared filter, or from every row (households
  // for a `who` on household variables only, else persons).
  const std::vector<uint32_t>* shared =
      iv.shared_filter < 0 ? nullptr : &passing(static_cast<size_t>(iv.shared_filter), c);
  const size_t n = shared ? shared->size() : iv.by_household ? h.size() : p.size();
  const std::vector<uint8_t>* households = iv.by_household ? living_households(c) : nullptr;
  auto scan = [&](size_t begin, size_t end, uint32_t* rows, uint32_t* cells,
                  std::vector<uint32_t>& out) {
    size_t m = end - begin;
    if (shared)
      std::copy(shared->begin() + static_cast<std::ptrdiff_t>(begin),
                shared->begin() + static_cast<std::ptrdiff_t>(end), rows);
    else
      m = living_rows(c.population, iv.by_household, begin, end, rows);
    for (const Intervention::WhoFilter& f : iv.who_filters)
      m = keep_passing(f, iv.by_household, rows, m, ctx, cells);
    cells_of(iv.who_plan, iv.by_household, rows, m, ctx, cells);
    for (size_t k = 0; k < m; ++k) {
      if (!iv.who[cells[k]]) continue;
      if (iv.by_household ? households && !(*households)[rows[k]] : dead(c.columns, rows[k]))
        continue;  // dead by a death state
      const uint32_t unit = iv.household && !iv.by_household ? p.household[rows[k]] : rows[k];
      if ((iv.once && received[unit] >= 0) || queued.count(unit)) continue;
      out.push_back(unit);
    }
  };
  const std::vector<uint32_t> found = scan_blocks(n, scan);
  std::vector<uint32_t> units;  // a household once, where members found it
  std::vector<uint8_t> seen(iv.household && !iv.by_household ? h.size() : 0, 0);
  for (uint32_t u : found) {
    if (!seen.empty() && seen[u]++) continue;
    units.push_back(u);
  }
  // Offer and uptake, then the budget in a random order.
  const InterventionIds& ids = intervention_ids_[i];
  const size_t at = c.step_offset(cq_cells_);
  const uint32_t* uids = iv.household ? h.uid.data() : p.uid.data();
  const uint16_t* areas = iv.household ? h.area.data() : p.area.data();
  auto uid_of = [&](uint32_t u) { return uids[u]; };
  auto cq_of = [&](uint32_t u) { return area_cq_[areas[u]]; };
  // Whether a unit is reached and takes it up is the unit's own, drawn once (a coordinate with no
  // step): a unit left out or declining stays so, instead of being offered again each step until it
  // accepts. Drawn in parallel (each unit's uid and area are a scattered read), counted in order.
  struct Drawn {
    uint32_t uid;
    uint16_t cq;
    bool offered, accepted;
  };
  std::vector<Drawn> drawn(units.size());
  const double coverage = scenario_.interventions[i].coverage;
  const double uptake = scenario_.interventions[i].uptake;
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < units.size(); ++k) {
    if (k + 16 < units.size()) {  // scattered rows: fetched ahead
      __builtin_prefetch(&uids[units[k + 16]]);
      __builtin_prefetch(&areas[units[k + 16]]);
    }
    const uint32_t u = units[k], uid = uid_of(u);
    const Words4 w = philox_block(c.key, uid, kPropensityStep, iv.stream, 0);
    const bool offered = below(w[0], iv.coverage_threshold, coverage);
    drawn[k] = {uid, static_cast<uint16_t>(cq_of(u)), offered,
                offered && below(w[1], iv.uptake_threshold, uptake)};
  }
  std::vector<std::pair<uint32_t, uint32_t>> accepted;  // (order key, unit)
  for (size_t k = 0; k < units.size(); ++k) {
    const Drawn& d = drawn[k];
    c.values[ids.eligible][at + d.cq] += 1;
    if (!d.offered) continue;
    c.values[ids.offered][at + d.cq] += 1;
    if (!d.accepted) continue;
    // The budget order is drawn afresh each step (and read only where there is a budget).
    const uint32_t order =
        iv.budget_per_year >= 0.0
            ? philox_block(c.key, d.uid, static_cast<uint32_t>(c.t), iv.stream, 0)[2]
            : 0;
    accepted.push_back({order, units[k]});
  }
  if (iv.budget_per_year >= 0.0)
    std::sort(accepted.begin(), accepted.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : uid_of(a.second) < uid_of(b.second);
    });
  for (const auto& [order, u] : accepted) {
    const size_t cq = cq_of(u);
    // The unit's own one-off cost, read as it is now (after the units before it received theirs).
    const double unit_cash =
        cash(iv.cost.per_unit.of(u, iv.household, c.codes, c.t, c.codes.now_months));
    if (iv.budget_per_year >= 0.0 && c.state.committed[i] + unit_cash > iv.budget_per_year) {
      c.values[ids.over_budget][at + cq] += 1;
      continue;
    }
    c.state.committed[i] += unit_cash;
    c.values[ids.enrolled][at + cq] += 1;
    if (iv.service < 0) {
      receive(i, u, c);
      continue;
    }
    const Service& s = actions_.services[static_cast<size_t>(iv.service)];
    c.state.queued[i].insert(u);
    if (!iv.household)
      c.columns.service_status[static_cast<size_t>(iv.service)][u] = process::kWaiting;
    const auto region = static_cast<uint16_t>(s.per_council ? cq / kImdQuintiles : 0);
    c.submitted[static_cast<size_t>(iv.service)].push_back(
        {uid_of(u), region, iv.priority, kInterventionTag | static_cast<uint32_t>(i), 0, 0, u});
  }
}

void ActionPhase::run_intervention(size_t i, StepContext& c) const {
  const Intervention& iv = actions_.interventions[i];
  if (!iv.runs_at(c.t)) return;
  const std::array<double, kPayerCount>& once = iv.cost.fixed.at(c.t);
  const std::array<double, kPayerCount>& per_year = iv.cost.fixed_per_year.at(c.t);
  double* fixed = c.values[intervention_fixed_costs_].data() +
                  c.step_offset(actions_.interventions.size() * kPayerCount);
  for (size_t k = 0; k < kPayerCount; ++k) {
    const double gbp = (c.t == iv.first_step ? once[k] : 0.0) + per_year[k] * c.dt;
    fixed[i * kPayerCount + k] += gbp;
    c.state.committed[i] += gbp;
  }
  // Recurring costs of the units holding it at the step's start (those it reaches now are billed
  // on receipt).
  bill_recurring(i, recurring_weights().first, c.population, c.codes, c.t, c.values,
                 c.state.committed[i]);
  if (iv.enrols_at(c.t)) enrol(i, c);
}

void ActionPhase::serve(size_t s, StepContext& c) const {
  const Service& sv = actions_.services[s];
  ServiceQueue& queue = c.state.queues[s];
  std::vector<double> capacity = sv.capacity_per_year.at(c.t);
  for (const Intervention& iv : actions_.interventions)
    if (iv.runs_at(c.t))
      for (const auto& [target, extra] : iv.add_capacity)
        if (target == s)
          for (size_t q = 0; q < capacity.size(); ++q) capacity[q] += extra.at(c.t)[q];
  queue.set_capacity_per_year(capacity);
  // Events ask at most once per person and step, and not beside an intervention's request.
  auto& requests = c.submitted[s];
  std::stable_sort(
      requests.begin(), requests.end(), [](const ServiceRequest& a, const ServiceRequest& b) {
        return std::pair(is_intervention(a), a.row) < std::pair(is_intervention(b), b.row);
      });
  std::vector<uint32_t> asked;  // persons with an intervention's request, in row order
  for (const ServiceRequest& r : requests)
    if (is_intervention(r) && !actions_.interventions[intervention_of(r)].household)
      asked.push_back(r.row);
  size_t kept = 0;
  for (size_t k = 0; k < requests.size(); ++k) {
    const ServiceRequest& r = requests[k];
    if (!is_intervention(r) &&
        (std::binary_search(asked.begin(), asked.end(), r.row) ||
         (k > 0 && !is_intervention(requests[k - 1]) && requests[k - 1].row == r.row)))
      continue;
    requests[kept++] = r;
  }
  requests.resize(kept);
  const auto step = static_cast<uint32_t>(c.t);
  queue.submit(std::move(requests), step, c.key);
  const People& p = c.population.people;
  const Households& h = c.population.households;
  auto household_request = [&](const ServiceRequest& r) {
    return is_intervention(r) && actions_.interventions[intervention_of(r)].household;
  };
  std::vector<ServiceRequest> lapsed;
  const std::vector<uint8_t>* living = living_households(c);
  queue.withdraw(
      [&](const ServiceRequest& r) {
        if (household_request(r)) return living ? (*living)[r.row] == 0 : h.living[r.row] == 0;
        return p.alive[r.row] == 0 || dead(c.columns, r.row);
      },
      lapsed);
  const std::vector<ServiceRequest> served = queue.serve(step, scenario_.step_months, lapsed);
  const size_t cats = processes_.model().categories.size();
  double* costs =
      c.values[processes_.costs_series()].data() + c.step_offset(kPayerCount * cats * cq_cells_);
  for (const ServiceRequest& r : served) {
    const bool household = household_request(r);
    const size_t cq = area_cq_[household ? h.area[r.row] : p.area[r.row]];
    // At the request's row as it comes to be served (before its moves or delivery).
    const std::array<double, kPayerCount>& cost =
        sv.cost_gbp.of(r.row, household, c.codes, c.t, c.codes.now_months);
    for (size_t k = 0; k < kPayerCount; ++k)  // a service without costs has no category
      if (cost[k] != 0.0) costs[(k * cats + sv.category) * cq_cells_ + cq] += cost[k];
    if (is_intervention(r)) {
      c.state.queued[intervention_of(r)].erase(r.row);
      receive(intervention_of(r), r.row, c);
    }
    if (household) continue;
    c.columns.service_status[s][r.row] = process::kServed;
    apply_moves(sv.on_served, r.row, c);
  }
  for (const ServiceRequest& r : lapsed) {
    if (is_intervention(r)) c.state.queued[intervention_of(r)].erase(r.row);
    if (household_request(r)) continue;
    c.columns.service_status[s][r.row] = process::kLapsed;
    if (p.alive[r.row] && !dead(c.columns, r.row)) apply_moves(sv.on_lapsed, r.row, c);
  }
  const ServiceStepCounts& n = queue.last_step();
  const ServiceIds& ids = service_ids_[s];
  const size_t queues = capacity.size();
  for (size_t q = 0; q < queues; ++q) {
    c.values[ids.requested][c.step_offset(queues) + q] = static_cast<double>(n.requested[q]);
    c.values[ids.served][c.step_offset(queues) + q] = static_cast<double>(n.served[q]);
    c.values[ids.lapsed][c.step_offset(queues) + q] = static_cast<double>(n.lapsed[q]);
    c.values[ids.waiting][static_cast<size_t>(c.t + 1) * queues + q] =
        static_cast<double>(n.waiting[q]);
    c.values[ids.wait_steps][c.step_offset(queues) + q] =
        static_cast<double>(n.wait_steps_of_served[q]);
    c.values[ids.capacity][c.step_offset(queues) + q] = capacity[q] * c.dt;
  }
}

void ActionPhase::step(Population& population, RandomKey key, int t, process::Columns& columns,
                       std::vector<process::EventRequest>& requests, ActionState& state,
                       std::vector<std::vector<double>>& values) const {
  if (empty()) return;
  StepContext c{population,
                key,
                t,
                columns,
                state,
                values,
                std::vector<std::vector<ServiceRequest>>(actions_.services.size()),
                scenario_.step_months / 12.0,
                {&population.people, &population.households, &population.areas, &columns,
                 &processes_.model(), t, scenario_.date_at(t).months},
                std::vector<std::optional<std::vector<uint32_t>>>(actions_.shared_filters.size())};
  const int year = t * scenario_.step_months / 12;
  if (year != state.budget_year) {
    std::fill(state.committed.begin(), state.committed.end(), 0.0);
    state.budget_year = year;
  }
  for (auto& r : requests) {
    columns.service_status[r.service][r.request.row] = process::kWaiting;
    c.submitted[r.service].push_back(r.request);
  }
  requests.clear();
  for (size_t i = 0; i < actions_.interventions.size(); ++i) run_intervention(i, c);
  for (size_t s = 0; s < actions_.services.size(); ++s) serve(s, c);
}

void ActionPhase::finish_step(const Population& population, int t, const process::Columns& columns,
                              ActionState& state, std::vector<std::vector<double>>& values) const {
  if (empty()) return;
  const double end_share = recurring_weights().second;
  if (end_share == 0.0) return;
  // The units as they are at time point t + 1, after the processes.
  const process::Context end{&population.people,
                             &population.households,
                             &population.areas,
                             &columns,
                             &processes_.model(),
                             t + 1,
                             scenario_.date_at(t + 1).months};
  for (size_t i = 0; i < actions_.interventions.size(); ++i)
    bill_recurring(i, end_share, population, end, t, values, state.committed[i]);
}

}  // namespace civicsim::services

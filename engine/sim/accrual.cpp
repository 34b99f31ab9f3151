// The process phase's results: declared series, and costs and QALYs accrued from occupancy, events
// and per-person utilities (see phase.hpp and engine/model/README.md).
//
// Series (all undiscounted):
//   <p>.occupancy   stock  persons by <p>.state x council x age_band x sex x imd_quintile
//   <p>.transitions flow   moves by <p>.from x <p>.to
//   <p>.events.<e>  flow   events by council x age_band x sex x imd_quintile (age at the step's
//                          start)
//   state_costs     stock  GBP by payer x cost_category x council x imd_quintile: the cost of one
//                          step spent in the state occupied at each time point
//   state_qalys     stock  QALY by council x imd_quintile: likewise, utility x step length
//   costs           flow   GBP, same dims: event costs of the step plus state costs per
//                          rewards.state_timing (start: the point at the step's start; end: at its
//                          end; half_step: half of each)
//   qalys           flow   QALY: state QALYs per rewards.state_timing minus event QALY losses
//                          (counted, or billed per row where the loss varies between rows)
// State rewards come from occupancy counts (integers) times per-state constants wherever possible,
// and event costs from event counts times a (per-cycle) amount. What varies between rows is
// accrued row by row, summed in fixed blocks in block order (block_sum.hpp) so that totals are the
// same for any thread count: state costs that vary (expressions or tables of age, time in state,
// attributes...; person and household rows), per-person utilities (expressions, heterogeneity
// factors, several processes with utilities), and events billed per row (a cost of more than the
// cycle: each row's count times the amount at its cell, noted by the sweep).
#include <algorithm>

#include "engine/model/row.hpp"
#include "engine/sim/block_sum.hpp"
#include "engine/sim/phase.hpp"

namespace civicsim::process {

void Phase::declare(RunResults& results) {
  if (empty()) return;
  const std::vector<std::string> person_dims = {"council", "age_band", "sex", "imd_quintile"};
  auto add = [&](SeriesDecl d) {
    results.series.push_back(std::move(d));
    return results.series.size() - 1;
  };
  const std::vector<std::string> household_dims = {"council", "imd_quintile"};
  for (const CompiledProcess& cp : model_.processes) {
    results.dimensions.push_back({cp.name + ".state", cp.states});
    results.dimensions.push_back({cp.name + ".from", cp.states});
    results.dimensions.push_back({cp.name + ".to", cp.states});
    const auto& entity_dims = cp.household ? household_dims : person_dims;
    const std::string units = cp.household ? "households" : "persons";
    std::vector<std::string> dims = {cp.name + ".state"};
    dims.insert(dims.end(), entity_dims.begin(), entity_dims.end());
    ids_.occupancy.push_back(
        add({cp.name + ".occupancy", units,
             "Living " + units + " in each state of " + cp.name + " at each time point.",
             SeriesKind::kStock, dims, true}));
    ids_.transitions.push_back(add({cp.name + ".transitions",
                                    units,
                                    "Moves between states of " + cp.name + " during each step.",
                                    SeriesKind::kFlow,
                                    {cp.name + ".from", cp.name + ".to"},
                                    true}));
    ids_.events.emplace_back();
    for (const Event& e : cp.events)
      ids_.events.back().push_back(add(
          {cp.name + ".events." + e.name, "events",
           "Events " + e.name + " of " + cp.name + " during each step" +
               (e.service.empty() ? std::string(".") : " (each needs service " + e.service + ")."),
           SeriesKind::kFlow, entity_dims, true}));
  }
  std::vector<std::string> payers(kPayerNames.begin(), kPayerNames.end());
  results.dimensions.push_back({"payer", payers});
  results.dimensions.push_back({"cost_category", model_.categories});
  const std::vector<std::string> cost_dims = {"payer", "cost_category", "council", "imd_quintile"};
  ids_.state_costs =
      add({"state_costs", "GBP",
           "Cost of one step spent in the state occupied at each time point, undiscounted.",
           SeriesKind::kStock, cost_dims, false});
  ids_.state_qalys =
      add({"state_qalys",
           "QALY",
           "QALYs of one step spent in the state occupied at each time point, undiscounted.",
           SeriesKind::kStock,
           {"council", "imd_quintile"},
           false});
  ids_.costs = add({"costs", "GBP", "Costs during each step (states and events), undiscounted.",
                    SeriesKind::kFlow, cost_dims, false});
  ids_.qalys = add({"qalys",
                    "QALY",
                    "QALYs during each step (states less event losses), undiscounted.",
                    SeriesKind::kFlow,
                    {"council", "imd_quintile"},
                    false});
}

void Phase::record_point(const Population& population, const Columns& columns, int t,
                         std::vector<std::vector<double>>& values) const {
  const size_t pc = person_cells_, cqn = cq_cells_, cats = model_.categories.size();
  const size_t per_council = kAgeBands * kSexCount * kImdQuintiles;
  const double dt = model_.step_years;
  auto cq_of = [&](size_t cell) {
    return (cell / per_council) * kImdQuintiles + cell % kImdQuintiles;
  };
  double* costs =
      values[ids_.state_costs].data() + static_cast<size_t>(t) * kPayerCount * cats * cqn;
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    const size_t cells = cells_of(cp);
    const double* occ =
        values[ids_.occupancy[q]].data() + static_cast<size_t>(t) * cp.states.size() * cells;
    for (size_t s = 0; s < cp.states.size(); ++s)
      for (size_t k = 0; k < kPayerCount; ++k) {
        const double per_step = cp.cost_per_year_gbp[s][k] * dt;
        if (per_step == 0.0) continue;
        double* out = costs + (k * cats + cp.cost_category[s]) * cqn;
        for (size_t c = 0; c < cells; ++c)
          out[cp.household ? c : cq_of(c)] += occ[s * cells + c] * per_step;
      }
  }
  const Context ctx{
      &population.people,         &population.households, &population.areas, &columns, &model_, t,
      scenario_.date_at(t).months};
  record_varying_costs(population, ctx, costs);
  double* qalys = values[ids_.state_qalys].data() + static_cast<size_t>(t) * cqn;
  if (utility_process_ >= 0) {
    const CompiledProcess& cp = model_.processes[static_cast<size_t>(utility_process_)];
    const double* occ = values[ids_.occupancy[static_cast<size_t>(utility_process_)]].data() +
                        static_cast<size_t>(t) * cp.states.size() * pc;
    for (size_t s = 0; s < cp.states.size(); ++s)
      for (size_t c = 0; c < pc; ++c) qalys[cq_of(c)] += occ[s * pc + c] * cp.utility[s] * dt;
    return;
  }
  // Per person: the product of every process's utility (times its factors), summed per block.
  // The processes with utilities are listed once; one whose utility is a number per state (no
  // table, no factors: the LCR's) is read by state alone.
  struct Source {
    size_t q;
    const uint8_t* state;
    const double* per_state;  // the state's utility; null: a table or factors (general path)
  };
  std::vector<Source> sources;
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    if (!cp.has_utility) continue;
    const bool simple = cp.utility_plan.terms.empty() && cp.heterogeneity.empty();
    sources.push_back({q, columns.process[q].state.data(), simple ? cp.utility.data() : nullptr});
  }
  const People& p = population.people;
  const size_t n = p.size(), blocks = (n + kBlockRows - 1) / kBlockRows;
  bool by_state = true;
  size_t joint = 1;  // joint states of the processes with utilities
  for (const Source& src : sources) {
    by_state = by_state && src.per_state;
    joint *= model_.processes[src.q].states.size();
  }
  if (by_state && !sources.empty() && joint <= 1024) {
    // Every utility is a number per state: count the living by (cell, joint state), exactly in
    // integers for any thread count, and weigh each count by its product of utilities once.
    std::vector<double> u_joint(joint);
    for (size_t j = 0; j < joint; ++j) {
      std::vector<uint8_t> state(sources.size());
      for (size_t k = sources.size(), rest = j; k-- > 0;) {
        const size_t states = model_.processes[sources[k].q].states.size();
        state[k] = static_cast<uint8_t>(rest % states);
        rest /= states;
      }
      double u = 1.0;
      for (size_t k = 0; k < sources.size(); ++k) u *= sources[k].per_state[state[k]];
      u_joint[j] = u;
    }
    // Integers: the totals are exact whichever thread counted which rows.
    const size_t width = cqn * joint;
    std::vector<uint64_t> totals(width, 0);
    // The row of each person's (cell, joint state): cell x joint + state of the first process x
    // states of the rest + ..., built from two processes at a time in the common case.
    const uint8_t* alive = p.alive.data();
    const auto* area = p.area.data();
    const uint16_t* cq_of_area = area_cq_.data();
    const uint8_t* first = sources[0].state;
    const uint8_t* second = sources.size() > 1 ? sources[1].state : nullptr;
    const size_t second_states =
        sources.size() > 1 ? model_.processes[sources[1].q].states.size() : 1;
#pragma omp parallel
    {
      // Four copies, by row mod 4: neighbours, mostly of one area and state, would otherwise each
      // wait on the last one's increment of the same count.
      std::vector<uint32_t> copies(4 * width, 0);
      uint32_t* __restrict copy = copies.data();
#pragma omp for schedule(dynamic, 4) nowait
      for (size_t b = 0; b < blocks; ++b) {
        for (size_t i = b * kBlockRows, end = std::min(n, i + kBlockRows); i < end; ++i) {
          size_t j = first[i];
          if (second) j = j * second_states + second[i];
          for (size_t k = 2; k < sources.size(); ++k)
            j = j * model_.processes[sources[k].q].states.size() + sources[k].state[i];
          copy[(i & 3) * width + cq_of_area[area[i]] * joint + j] += alive[i];
        }
      }
#pragma omp critical(civicsim_joint_state_counts)
      for (size_t k = 0; k < width; ++k)
        totals[k] +=
            uint64_t{copy[k]} + copy[width + k] + copy[2 * width + k] + copy[3 * width + k];
    }
    for (size_t c = 0; c < cqn; ++c) {
      double q = 0.0;
      for (size_t j = 0; j < joint; ++j)
        if (const uint64_t total = totals[c * joint + j])
          q += static_cast<double>(total) * u_joint[j];
      qalys[c] += q * dt;
    }
    return;
  }
  block_sum(n, cqn, dt, qalys, [&](size_t i, double* sum) {
    if (!p.alive[i]) return;
    double u = 1.0;
    for (const Source& src : sources) {
      const uint8_t s = src.state[i];
      if (src.per_state) {
        u *= src.per_state[s];
        continue;
      }
      const CompiledProcess& cp = model_.processes[src.q];
      double v = cp.utility[s * cp.utility_plan.cells + cell_of(cp.utility_plan, i, ctx)];
      for (size_t h = 0; h < cp.heterogeneity.size(); ++h)
        if (cp.heterogeneity[h].applies[s])
          v *= static_cast<double>(columns.process[src.q].factor[h][i]);
      u *= v;
    }
    sum[area_cq_[p.area[i]]] += u;
  });
}

// State costs that vary (expressions, tables): each living row's amounts from its state's cell,
// summed in fixed blocks (block_sum); persons over the person processes, then households over the
// household processes. `costs` is the time point's state_costs.
void Phase::record_varying_costs(const Population& population, const Context& ctx,
                                 double* costs) const {
  const size_t cqn = cq_cells_, cats = model_.categories.size(), width = kPayerCount * cats * cqn;
  const double dt = model_.step_years;
  // Process cp's amounts in state s at cell `cell` of its cost plan, to council x quintile cq.
  auto add = [&](const CompiledProcess& cp, uint8_t s, size_t cq, size_t cell, double* sum) {
    const double* amount = &cp.cost_table[(s * cp.cost_plan.cells + cell) * kPayerCount];
    for (size_t k = 0; k < kPayerCount; ++k)
      sum[(k * cats + cp.cost_category[s]) * cqn + cq] += amount[k];
  };
  auto any = [&](bool household) {
    return std::any_of(
        model_.processes.begin(), model_.processes.end(),
        [&](const CompiledProcess& cp) { return cp.cost_per_person && cp.household == household; });
  };
  if (any(false)) {
    const People& p = population.people;
    block_sum(p.size(), width, dt, costs, [&](size_t i, double* sum) {
      if (!p.alive[i]) return;
      for (size_t q = 0; q < model_.processes.size(); ++q) {
        const CompiledProcess& cp = model_.processes[q];
        if (!cp.cost_per_person || cp.household) continue;
        const uint8_t s = ctx.columns->process[q].state[i];
        if (cp.cost_varies[s]) add(cp, s, area_cq_[p.area[i]], cell_of(cp.cost_plan, i, ctx), sum);
      }
    });
  }
  if (any(true)) {
    const Households& hh = population.households;
    block_sum(hh.size(), width, dt, costs, [&](size_t h, double* sum) {
      if (hh.living[h] == 0) return;
      for (size_t q = 0; q < model_.processes.size(); ++q) {
        const CompiledProcess& cp = model_.processes[q];
        if (!cp.cost_per_person || !cp.household) continue;
        const uint8_t s = ctx.columns->process[q].state[h];
        if (cp.cost_varies[s])
          add(cp, s, area_cq_[hh.area[h]], household_cell_of(cp.cost_plan, h, ctx), sum);
      }
    });
  }
}

std::vector<double> Phase::bill_events(const Population& population, Columns& columns) const {
  const size_t cqn = cq_cells_, cats = model_.categories.size();
  const size_t cost_cells = kPayerCount * cats * cqn;
  std::vector<double> billed;
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    std::vector<size_t> events;  // those billed per row
    for (size_t e = 0; e < cp.events.size(); ++e)
      if (cp.events[e].billed_per_row) events.push_back(e);
    if (events.empty()) continue;
    billed.resize(cost_cells + cqn, 0.0);
    std::vector<Columns::One::Billed>& noted = columns.process[q].billed;
    const uint16_t* area =
        cp.household ? population.households.area.data() : population.people.area.data();
    const size_t n = cp.household ? population.households.size() : population.people.size();
    // A row's count is non-zero only where the step's sweep found the event: it was living then.
    block_sum(n, billed.size(), 1.0, billed.data(), [&](size_t i, double* sum) {
      for (size_t e : events) {
        if (noted[e].count[i] == 0) continue;
        const Event& ev = cp.events[e];
        const auto count = static_cast<double>(noted[e].count[i]);
        noted[e].count[i] = 0;  // ready for the next step's sweep
        const double* amount = &ev.cost_table[noted[e].cell[i] * kEventAmounts];
        const size_t cq = area_cq_[area[i]];
        if (ev.cost_per_row)
          for (size_t k = 0; k < kPayerCount; ++k)
            sum[(k * cats + ev.category) * cqn + cq] += count * amount[k];
        if (ev.qaly_per_row) sum[cost_cells + cq] += count * amount[kPayerCount];
      }
    });
  }
  return billed;
}

void Phase::record_step_flows(int t, const EventCounts& event_counts,
                              std::vector<std::vector<double>>& values) const {
  const size_t cqn = cq_cells_, cats = model_.categories.size();
  const size_t per_council = kAgeBands * kSexCount * kImdQuintiles;
  const size_t cost_cells = kPayerCount * cats * cqn;
  const auto tt = static_cast<size_t>(t);
  double a = 1.0, b = 0.0;  // weights of the points at the step's start and end
  if (scenario_.rewards.state_timing == StateRewardTiming::kEndOfStep) {
    a = 0.0;
    b = 1.0;
  } else if (scenario_.rewards.state_timing == StateRewardTiming::kHalfStep) {
    a = b = 0.5;
  }
  const double* point_costs = values[ids_.state_costs].data();
  double* costs = values[ids_.costs].data() + tt * cost_cells;
  for (size_t k = 0; k < cost_cells; ++k)  // += : services and interventions added theirs
    costs[k] += a * point_costs[tt * cost_cells + k] + b * point_costs[(tt + 1) * cost_cells + k];
  const double* point_qalys = values[ids_.state_qalys].data();
  double* qalys = values[ids_.qalys].data() + tt * cqn;
  for (size_t k = 0; k < cqn; ++k)
    qalys[k] += a * point_qalys[tt * cqn + k] + b * point_qalys[(tt + 1) * cqn + k];
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    const size_t cells = cells_of(cp);
    for (size_t e = 0; e < cp.events.size(); ++e) {
      const Event& ev = cp.events[e];
      for (size_t c = 0; c < cells; ++c) {
        const double count = static_cast<double>(event_counts.counts[q][e * cells + c]);
        if (count == 0.0) continue;
        const size_t cq = cp.household ? c : (c / per_council) * kImdQuintiles + c % kImdQuintiles;
        if (!ev.qaly_per_row)  // else in event_counts.billed
          qalys[cq] -=
              count * (ev.qaly_loss_by_cycle.empty() ? ev.qaly_loss : ev.qaly_loss_by_cycle[tt]);
        if (ev.cost_per_row) continue;  // in event_counts.billed
        const auto& cost = ev.cost_by_cycle.empty() ? ev.cost_gbp : ev.cost_by_cycle[tt];
        for (size_t k = 0; k < kPayerCount; ++k)
          costs[(k * cats + ev.category) * cqn + cq] += count * cost[k];
      }
    }
  }
  if (event_counts.billed.empty()) return;
  for (size_t k = 0; k < cost_cells; ++k) costs[k] += event_counts.billed[k];
  for (size_t k = 0; k < cqn; ++k) qalys[k] -= event_counts.billed[cost_cells + k];
}

}  // namespace civicsim::process

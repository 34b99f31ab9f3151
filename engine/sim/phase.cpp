// The process phase's sweeps: initial states, one step of transitions and events (see phase.hpp).
#include "engine/sim/phase.hpp"

#include <omp.h>

#include <algorithm>

#include "engine/core/backed_memory.hpp"
#include "engine/core/kernel_path.hpp"
#include "engine/kernel/draws.hpp"
#include "engine/kernel/sweep.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process {
namespace {

float draw_factor(const Heterogeneity& h, RandomKey key, uint32_t uid) {
  CounterRng rng(key, uid, 0, h.stream);
  return static_cast<float>(
      draw_distribution(h.spec.distribution, h.spec.parameters[0], h.spec.parameters[1], rng));
}

// Moves of a process updated after every process has drawn: next -> state. `alive` by row of the
// process's entity (persons' alive, or households' living members).
template <class Alive>
void apply_deferred(const CompiledProcess& cp, const std::vector<Alive>& alive, int t,
                    Columns::One& col) {
  const size_t n = alive.size();
  const int32_t next_point = t + 1;
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) {
    if (!alive[i] || col.next[i] == col.state[i]) continue;
    mark_entry(cp, col, i, col.state[i], col.next[i], next_point);
    col.state[i] = col.next[i];
  }
}

// A process standing for a household condition attribute writes its state back to the bit: of
// the households its sweep moved in place, or of every household.
void write_attribute(const CompiledProcess& cp, const Columns::One& col,
                     const std::vector<uint32_t>& moved, Households& hh) {
  const auto keep = static_cast<uint8_t>(~cp.attribute_bit);
  auto write = [&](size_t h) {
    hh.condition[h] =
        static_cast<uint8_t>((hh.condition[h] & keep) | (col.state[h] ? cp.attribute_bit : 0));
  };
  if (cp.in_place) {
    for (uint32_t h : moved) write(h);
    return;
  }
#pragma omp parallel for schedule(static)
  for (size_t h = 0; h < hh.size(); ++h) write(h);
}

}  // namespace

Phase::Phase(const Scenario& scenario, const Population& initial) : scenario_(scenario) {
  active_ =
      !scenario.processes.empty() || !scenario.services.empty() || !scenario.interventions.empty();
  if (!active_) return;
  model_ = compile_model(scenario, initial, catalogue_);
  const Areas& areas = initial.areas;
  area_cq_.resize(areas.size());
  for (size_t i = 0; i < areas.size(); ++i)
    area_cq_[i] =
        static_cast<uint16_t>(areas.council[i] * kImdQuintiles + (areas.imd_quintile[i] - 1));
  person_cells_ = initial.councils.size() * kAgeBands * kSexCount * kImdQuintiles;
  area_cell_.resize(areas.size());
  for (size_t i = 0; i < areas.size(); ++i)
    area_cell_[i] = static_cast<uint32_t>(person_cell(area_cq_[i], 0, 0));
  cq_cells_ = initial.councils.size() * kImdQuintiles;
  awake_plan_ = process::awake_plan(model_);
  int with_utility = -1, count = 0, first_person_process = -1;
  bool per_person = false;
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    if (model_.processes[q].has_utility) {
      ++count;
      with_utility = static_cast<int>(q);
    }
    if (!model_.processes[q].household && first_person_process < 0)
      first_person_process = static_cast<int>(q);
    per_person = per_person || model_.processes[q].utility_per_person;
  }
  // Utilities of several processes multiply per person; one person process's constant utilities
  // (all 1 if none has any) can be applied to its occupancy counts instead (no floating-point work
  // per person).
  if (!per_person && count <= 1)
    utility_process_ = count == 1 ? with_utility : first_person_process;
}

void Phase::initialise(const Population& population, RandomKey key, int t, Columns& columns) const {
  const People& p = population.people;
  const Households& hh = population.households;
  columns.process.resize(model_.processes.size());
  const int32_t now = scenario_.date_at(t).months;
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    Columns::One& col = columns.process[q];
    // Rows from `first` on are new: everyone at the start, then newborns (households never are).
    const size_t first = col.state.size(), n = cp.household ? hh.size() : p.size();
    if (first >= n) continue;
    const size_t room = cp.household ? n : p.capacity();  // as the persons' columns
    resize_backed(col.state, n, room);
    if (!cp.in_place) resize_backed(col.next, n, room);
    if (cp.tracks_time) resize_backed(col.entered, n, room);
    col.group_entered.resize(cp.group_members.size());
    for (size_t g = 0; g < cp.group_members.size(); ++g)
      if (cp.tracks_group[g]) resize_backed(col.group_entered[g], n, room);
    col.factor.resize(cp.heterogeneity.size());
    for (auto& f : col.factor) resize_backed(f, n, room);
    col.billed.resize(cp.events.size());
    for (size_t e = 0; e < cp.events.size(); ++e)
      if (cp.events[e].billed_per_row) {
        resize_backed(col.billed[e].count, n, room);
        resize_backed(col.billed[e].cell, n, room);
      }
    const Context ctx{&p, &hh, &population.areas, &columns, &model_, t, now};
    const uint32_t* uid = cp.household ? hh.uid.data() : p.uid.data();
    const size_t blocks = (n - first + kBlockRows - 1) / kBlockRows;
#pragma omp parallel
    {
      std::vector<uint32_t> words(kBlockRows);
#pragma omp for schedule(dynamic, 4)
      for (size_t b = 0; b < blocks; ++b) {
        const size_t begin = first + b * kBlockRows, end = std::min(n, begin + kBlockRows);
        kernel::fill_words(key, &uid[begin], end - begin, 0, cp.initial_stream, words.data(),
                           kernel::runs_on(&uid[begin], end - begin));
        for (size_t i = begin; i < end; ++i) {
          uint32_t s = 0;
          if (cp.fixed_start >= 0) {
            s = static_cast<uint32_t>(cp.fixed_start);
          } else if (cp.attribute_bit) {
            s = (hh.condition[i] & cp.attribute_bit) ? 1u : 0u;
          } else {
            const size_t cell = cp.household ? household_cell_of(cp.initial_plan, i, ctx)
                                             : cell_of(cp.initial_plan, i, ctx);
            s = initial_state(cp, cell, words[i - begin]);
          }
          col.state[i] = static_cast<uint8_t>(s);
          if (!cp.in_place) col.next[i] = static_cast<uint8_t>(s);
          if (cp.tracks_time) col.entered[i] = t;
          for (size_t g = 0; g < cp.group_members.size(); ++g)
            if (cp.tracks_group[g]) col.group_entered[g][i] = t;
          for (size_t h = 0; h < cp.heterogeneity.size(); ++h)
            col.factor[h][i] = draw_factor(cp.heterogeneity[h], key, uid[i]);
        }
      }
    }
  }
  const size_t n = p.size();
  columns.service_status.resize(scenario_.services.size());
  for (auto& s : columns.service_status) resize_backed(s, n, p.capacity(), uint8_t{kNoRequest});
  columns.received_at.resize(scenario_.interventions.size());
  for (size_t k = 0; k < scenario_.interventions.size(); ++k) {
    if (scenario_.interventions[k].unit == InterventionUnit::kHousehold)
      resize_backed(columns.received_at[k], hh.size(), hh.size(), int16_t{-1});
    else
      resize_backed(columns.received_at[k], n, p.capacity(), int16_t{-1});
  }
}

void Phase::start(const Population& population, RandomKey key, Columns& columns,
                  std::vector<std::vector<double>>& values) const {
  if (empty()) return;
  initialise(population, key, 0, columns);
  // Time point 0's occupancy, every process in one parallel pass over its rows, as integers (so
  // the thread count does not matter).
  const People& p = population.people;
  const Households& hh = population.households;
  const int32_t now = scenario_.date_at(0).months;
  const auto band_of_age = age_band_table();
  const size_t Q = model_.processes.size();
  std::vector<size_t> offset(Q + 1, 0);  // process q's counts: [offset[q], offset[q + 1])
  for (size_t q = 0; q < Q; ++q)
    offset[q + 1] = offset[q] + model_.processes[q].states.size() * cells_of(model_.processes[q]);
  std::vector<uint64_t> total(offset[Q], 0);
#pragma omp parallel
  {
    std::vector<uint32_t> counts(offset[Q], 0);
#pragma omp for schedule(static) nowait
    for (size_t i = 0; i < p.size(); ++i) {
      if (!p.alive[i]) continue;
      const size_t cell =
          person_cell(area_cq_[p.area[i]], band_of_age[age_code(p, i, now)], p.sex[i]);
      for (size_t q = 0; q < Q; ++q)
        if (!model_.processes[q].household)
          ++counts[offset[q] + columns.process[q].state[i] * person_cells_ + cell];
    }
#pragma omp for schedule(static) nowait
    for (size_t h = 0; h < hh.size(); ++h) {
      if (hh.living[h] == 0) continue;
      for (size_t q = 0; q < Q; ++q)
        if (model_.processes[q].household)
          ++counts[offset[q] + columns.process[q].state[h] * cq_cells_ + area_cq_[hh.area[h]]];
    }
#pragma omp critical(civicsim_start_occupancy)
    for (size_t k = 0; k < counts.size(); ++k) total[k] += counts[k];
  }
  for (size_t q = 0; q < Q; ++q) {
    double* occ = values[ids_.occupancy[q]].data();  // time point 0
    for (size_t k = offset[q]; k < offset[q + 1]; ++k)
      occ[k - offset[q]] += static_cast<double>(total[k]);
  }
}

void Phase::start_rewards(const Population& population, const Columns& columns,
                          std::vector<std::vector<double>>& values) const {
  if (empty()) return;
  record_point(population, columns, 0, values);
}

namespace {

// Columns::uids_run_on brought up to the persons there are now.
void note_uid_runs(const People& p, Columns& columns) {
  const size_t n = p.size(), block = kBlockRows, blocks = (n + block - 1) / block;
  const size_t from = columns.uids_checked / block;  // the first block that was not full
  columns.uids_run_on.resize(blocks);
  for (size_t b = from; b < blocks; ++b)
    columns.uids_run_on[b] =
        kernel::runs_on(&p.uid[b * block], std::min(n, (b + 1) * block) - b * block);
  columns.uids_checked = n;
}

}  // namespace

Phase::EventCounts Phase::step(Population& population, RandomKey key, int t,
                               const std::vector<uint32_t>& living, Columns& columns,
                               std::vector<std::vector<double>>& values,
                               std::vector<EventRequest>& requests) const {
  if (empty()) return {};
  initialise(population, key, t, columns);
  const int32_t now = scenario_.date_at(t).months;
  if (awake_plan_.active()) {
    std::vector<const uint8_t*> states;
    for (uint32_t q : awake_plan_.process) states.push_back(columns.process[q].state.data());
    update_awake(awake_plan_, population.people, states, now, columns.awake);
  }
  note_uid_runs(population.people, columns);
  // The model's own step, row by row (CIVICSIM_KERNEL=reference), or the optimised kernel.
  const bool reference = kernel_path() == KernelPath::kReference;
  const size_t pc = person_cells_;
  EventCounts events{std::vector<std::vector<uint64_t>>(model_.processes.size()), {}};
  std::vector<std::vector<uint32_t>> moved(model_.processes.size());  // of attribute processes
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    const SweepArgs args{cp,
                         q,
                         population,
                         key,
                         t,
                         now,
                         scenario_.date_at(t + 1).months,
                         columns,
                         model_,
                         area_cq_,
                         area_cell_,
                         pc,
                         cq_cells_,
                         &living,
                         awake_plan_.active() ? &columns.awake : nullptr};
    Tally tally = reference
                      ? (cp.household ? reference_sweep_households(args) : reference_sweep(args))
                      : (cp.household ? kernel::sweep_households(args) : kernel::sweep(args));
    const size_t S = cp.states.size(), cells = cells_of(cp);
    double* occ = values[ids_.occupancy[q]].data() + static_cast<size_t>(t + 1) * S * cells;
    for (size_t k = 0; k < tally.occupancy.size(); ++k)  // copies of the tally add up
      occ[k % (S * cells)] += static_cast<double>(tally.occupancy[k]);
    double* moves = values[ids_.transitions[q]].data() + static_cast<size_t>(t) * S * S;
    for (size_t k = 0; k < S * S; ++k)  // the diagonal counts stays: not a move; += keeps the
      if (k % (S + 1) != 0)             // moves services and interventions made at the start
        moves[k] += static_cast<double>(tally.transitions[k]);
    for (size_t e = 0; e < cp.events.size(); ++e) {
      double* ev = values[ids_.events[q][e]].data() + static_cast<size_t>(t) * cells;
      for (size_t k = 0; k < cells; ++k) ev[k] = static_cast<double>(tally.events[e * cells + k]);
    }
    events.counts[q] = tally.events;
    requests.insert(requests.end(), tally.requests.begin(), tally.requests.end());
    moved[q].swap(tally.moved);
  }
  for (size_t q = 0; q < model_.processes.size(); ++q) {
    const CompiledProcess& cp = model_.processes[q];
    if (!cp.in_place && cp.household)
      apply_deferred(cp, population.households.living, t, columns.process[q]);
    else if (!cp.in_place)
      apply_deferred(cp, population.people.alive, t, columns.process[q]);
    if (cp.attribute_bit) write_attribute(cp, columns.process[q], moved[q], population.households);
  }
  events.billed = bill_events(population, columns);
  return events;
}

void Phase::finish_step(const Population& population, const Columns& columns, int t,
                        const EventCounts& event_counts,
                        std::vector<std::vector<double>>& values) const {
  if (empty()) return;
  record_point(population, columns, t + 1, values);
  record_step_flows(t, event_counts, values);
}

void Phase::note_woken(size_t q, size_t row, uint8_t from, uint8_t to, const People& people,
                       AwakeRows& awake) const {
  const AwakePlan& plan = awake_plan_;
  const auto k = std::find(plan.process.begin(), plan.process.end(), q) - plan.process.begin();
  if (static_cast<size_t>(k) == plan.process.size() || from != plan.rest[k] || to == plan.rest[k])
    return;
  // Younger rows are listed; older ones are listed only if outside another rest state (update_awake
  // checks). Rows not yet seen (before the first update) are all looked at by the next update.
  if (row < awake.seen && awake.now_months - people.birth_month[row] >= plan.months)
    awake.woken.push_back(static_cast<uint32_t>(row));
}

void Phase::move(const Population& population, size_t q, size_t row, uint8_t to, int t,
                 Columns& columns, std::vector<std::vector<double>>& values) const {
  const CompiledProcess& cp = model_.processes[q];
  Columns::One& col = columns.process[q];
  const uint8_t from = col.state[row];
  if (from == to) return;
  // At time point t, before step t's sweep: part of the state at t (its occupancy, tallied by step
  // t - 1's sweep, and step t - 1's moves; at t = 0 the initial occupancy only).
  const int32_t point = t;
  mark_entry(cp, col, row, from, to, point);
  col.state[row] = to;
  if (!col.next.empty()) col.next[row] = to;
  note_woken(q, row, from, to, population.people, columns.awake);
  const People& p = population.people;
  const size_t S = cp.states.size(), cells = cells_of(cp);
  size_t cell = 0;
  if (cp.household) {
    cell = area_cq_[population.households.area[row]];
  } else {
    const size_t band = age_band_table()[age_code(p, row, scenario_.date_at(t).months)];
    cell = person_cell(area_cq_[p.area[row]], band, p.sex[row]);
  }
  double* occ = values[ids_.occupancy[q]].data() + static_cast<size_t>(point) * S * cells;
  occ[from * cells + cell] -= 1;
  occ[to * cells + cell] += 1;
  if (t > 0) values[ids_.transitions[q]][static_cast<size_t>(t - 1) * S * S + from * S + to] += 1;
}

}  // namespace civicsim::process

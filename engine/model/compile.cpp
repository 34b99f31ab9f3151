// Compiling processes (see compile.hpp): transitions to thresholds, events, initial distributions,
// accruals, and which processes may update in place.
#include "engine/model/compile.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/core/random.hpp"
#include "engine/model/tables.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim::process {
namespace {

using expr::LookupTable;

constexpr size_t kMaxThresholds = 50'000'000;  // 200 MB of uint32 per process table at most
// How far below 1 the moves out of a tunnel state without a remainder exit may sum: rounding of
// probabilities written to sum to 1 ("17/1734" and "1 - 17/1734"), not a modelling choice.
constexpr double kTunnelTolerance = 1e-9;

size_t state_index(const ProcessSpec& p, const std::string& state) {
  return static_cast<size_t>(std::find(p.states.begin(), p.states.end(), state) - p.states.begin());
}

size_t category_index(Model& m, const std::string& name) {
  const auto it = std::find(m.categories.begin(), m.categories.end(), name);
  if (it != m.categories.end()) return static_cast<size_t>(it - m.categories.begin());
  m.categories.push_back(name);
  return m.categories.size() - 1;
}

bool too_big(size_t states, size_t cells, size_t width, const std::string& at, const Site& site) {
  if (static_cast<double>(states) * static_cast<double>(cells) *
          static_cast<double>(std::max<size_t>(width, 1)) <=
      static_cast<double>(kMaxThresholds))
    return false;
  site.add(at, "transitions depending on fewer variables",
           "a table of " + std::to_string(states * cells * width) + " thresholds");
  return true;
}

void compile_transitions(const ProcessSpec& spec, double dt, const Site& site,
                         CompiledProcess& out) {
  const size_t S = spec.states.size();
  std::vector<LookupTable> tables;
  std::vector<size_t> of_table;  // transition index of each table
  bool ok = true;
  for (size_t k = 0; k < spec.transitions.size(); ++k) {
    const TransitionSpec& t = spec.transitions[k];
    if (t.remainder) {  // no table: it takes what a tunnel state's other moves leave
      if (!intervention_effects(site, spec.name, t.from, t.to, "", dt).empty()) {
        site.add(t.json_path,
                 "a rate or probability, for an intervention's rate_ratio to multiply (this "
                 "transition takes what the tunnel state's other moves leave)",
                 "neither");
        ok = false;
      }
      continue;
    }
    std::vector<LookupTable> effects = intervention_effects(site, spec.name, t.from, t.to, "", dt);
    StratifiedValue base = t.value;
    if (t.has_hazard) {  // the hazard's probabilities, times 1 as the base, then as any factor
      auto hazard = hazard_table(t.hazard, spec.name, dt, site);
      if (!hazard) {
        ok = false;
        continue;
      }
      effects.push_back(std::move(*hazard));
      base = StratifiedValue{};
      base.constant = 1.0;
      base.json_path = t.hazard.json_path;
    }
    auto table =
        rate_table(base, t.condition, t.json_path + "/if", t.modifiers, site, std::move(effects));
    if (table && !readable_by_entity(*table, spec.entity, t.json_path, site)) table.reset();
    if (!table) {
      ok = false;
      continue;
    }
    tables.push_back(std::move(*table));
    of_table.push_back(k);
  }
  if (!ok) return;
  Transitions& tr = out.transitions;
  // Slots of each state: its transitions (table indices) in stage order, stable.
  std::vector<std::vector<size_t>> slots(S);
  for (size_t i = 0; i < tables.size(); ++i)
    slots[state_index(spec, spec.transitions[of_table[i]].from)].push_back(i);
  for (auto& s : slots)
    std::stable_sort(s.begin(), s.end(), [&](size_t a, size_t b) {
      return spec.transitions[of_table[a]].stage < spec.transitions[of_table[b]].stage;
    });
  size_t width = 0;
  for (const auto& s : slots) width = std::max(width, s.size());
  tr.width = static_cast<uint32_t>(width);
  std::vector<std::vector<size_t>> vars(S);
  size_t cells = 0;
  for (size_t s = 0; s < S; ++s) {
    std::vector<const LookupTable*> own;
    for (size_t i : slots[s]) own.push_back(&tables[i]);
    vars[s] = union_variables(own);
    tr.plan.push_back(make_plan(vars[s], site.catalogue));
    tr.offset.push_back(static_cast<uint32_t>(cells));
    cells += tr.plan.back().cells;
    tr.constant = tr.constant && tr.plan.back().terms.empty();
  }
  if (too_big(cells, 1, width, "/processes/" + spec.name + "/transitions", site)) return;
  tr.to.assign(S * (width + 1), 0);
  // Tunnel states (tunnel_states.hpp): a row that reaches every threshold leaves by the remainder
  // exit or, without one, by the last move (the probabilities sum to 1, checked by fill_cell).
  std::vector<int> tunnel_to(S, -1);
  std::vector<uint8_t> has_remainder(S, 0);
  std::vector<std::string> tunnel_at(S);
  for (size_t i = 0; i < spec.tunnel_states.size(); ++i) {
    const size_t s = state_index(spec, spec.tunnel_states[i]);
    tunnel_at[s] = "/processes/" + spec.name + "/tunnel_states/" + std::to_string(i);
    if (!slots[s].empty())
      tunnel_to[s] =
          static_cast<int>(state_index(spec, spec.transitions[of_table[slots[s].back()]].to));
  }
  for (const TransitionSpec& t : spec.transitions)
    if (t.remainder) {
      const size_t s = state_index(spec, t.from);
      tunnel_to[s] = static_cast<int>(state_index(spec, t.to));
      has_remainder[s] = 1;
    }
  // State by state: the thresholds of every cell of its plan into `block`, then the codes its moves
  // do not tell apart merged (compress_plan) and the merged block appended. One state's full table
  // at a time, in one buffer, instead of every state's at once and a copy of each.
  std::vector<uint32_t> merged, block;
  std::vector<const LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  for (size_t s = 0; s < S; ++s) {
    for (size_t j = 0; j <= width; ++j)
      tr.to[s * (width + 1) + j] = static_cast<uint8_t>(
          j < slots[s].size() ? state_index(spec, spec.transitions[of_table[slots[s][j]]].to) : s);
    if (!tunnel_at[s].empty() && tunnel_to[s] >= 0)
      tr.to[s * (width + 1) + width] = static_cast<uint8_t>(tunnel_to[s]);
    // Thresholds of one cell into thr; with `report`, the cell's first stage whose probabilities
    // sum to more than 1 is reported there. Returns whether every stage sums to at most 1.
    auto fill_cell = [&](const CellWalker& walk, std::vector<double>& p, uint32_t* thr,
                         const Site* report) {
      bool fine = true;
      double remaining = 1.0;  // probability of no move in the stages decided so far
      for (size_t a = 0; a < slots[s].size();) {
        size_t b = a;  // [a, b): one stage
        const int stage = spec.transitions[of_table[slots[s][a]]].stage;
        bool any_per_cycle = false;
        while (b < slots[s].size() && spec.transitions[of_table[slots[s][b]]].stage == stage) {
          any_per_cycle = any_per_cycle || spec.transitions[of_table[slots[s][b]]].per_cycle;
          ++b;
        }
        double total = 0.0;
        for (size_t j = a; j < b; ++j) total += tables[slots[s][j]].values[walk.index(slots[s][j])];
        const bool competing = !any_per_cycle && spec.conversion == RateConversion::kCompetingRisks;
        double moved = 0.0;
        for (size_t j = a; j < b; ++j) {
          const TransitionSpec& t = spec.transitions[of_table[slots[s][j]]];
          const double v = tables[slots[s][j]].values[walk.index(slots[s][j])];
          if (competing)
            p[j] = total > 0.0 ? -std::expm1(-total * dt) * (v / total) : 0.0;
          else
            p[j] = t.per_cycle ? v : -std::expm1(-v * dt);
          moved += p[j];
        }
        if (moved > 1.0 + 1e-12 && fine && report) {
          std::string which;
          for (size_t j = a; j < b; ++j)
            which += (j > a ? ", " : "") + std::to_string(of_table[slots[s][j]]);
          report->add(spec.transitions[of_table[slots[s][a]]].json_path,
                      "probabilities out of state '" + spec.states[s] + "'" +
                          (stage ? " in stage " + std::to_string(stage) : std::string()) +
                          " that sum to at most 1",
                      "a sum of " + schema::format_number(moved) + " (transitions " + which + ")" +
                          walk.describe());
        }
        fine = fine && moved <= 1.0 + 1e-12;
        for (size_t j = a; j < b; ++j) p[j] *= remaining;
        remaining *= std::max(0.0, 1.0 - moved);
        a = b;
      }
      // A tunnel state without a remainder exit: its moves must leave nothing for staying.
      if (!tunnel_at[s].empty() && !has_remainder[s] && remaining > kTunnelTolerance) {
        if (fine && report)
          report->add(tunnel_at[s],
                      "moves out of tunnel state '" + spec.states[s] +
                          "' whose probabilities sum to 1 (it is left after one step), or a "
                          "transition out of it with neither rate nor probability to take what "
                          "they leave",
                      "a sum of " + schema::format_number(1.0 - remaining) + walk.describe());
        fine = false;
      }
      double cumulative = 0.0;
      for (size_t j = 0; j < width; ++j) {
        if (j < p.size()) cumulative += p[j];
        thr[j] = probability_threshold(cumulative);
      }
      return fine;
    };
    // The cells in parallel (asthma's `none` has 1.76 million), each thread from a walker started
    // at its first; the first cell with a problem is then reported, as a serial walk would.
    const size_t state_cells = CellWalker(vars[s], site.catalogue, all).cells();
    block.resize(state_cells * width);  // every value written below
    size_t first_bad = state_cells;
#pragma omp parallel if (state_cells * width >= kParallelTable)
    {
      const auto id = static_cast<size_t>(omp_get_thread_num());
      const auto threads = static_cast<size_t>(omp_get_num_threads());
      const size_t begin = state_cells * id / threads, end = state_cells * (id + 1) / threads;
      CellWalker walk(vars[s], site.catalogue, all);
      walk.seek(begin);
      std::vector<double> p(slots[s].size());
      size_t bad = state_cells;
      for (size_t cell = begin; cell < end; ++cell, walk.next())
        if (!fill_cell(walk, p, block.data() + cell * width, nullptr) && bad == state_cells)
          bad = cell;
#pragma omp critical(civicsim_compile_cells)
      first_bad = std::min(first_bad, bad);
    }
    if (first_bad < state_cells) {
      CellWalker walk(vars[s], site.catalogue, all);
      walk.seek(first_bad);
      std::vector<double> p(slots[s].size());
      fill_cell(walk, p, block.data() + first_bad * width, &site);
    }
    compress_plan(tr.plan[s], block, 1, width);
    tr.offset[s] = static_cast<uint32_t>(merged.size() / std::max<size_t>(width, 1));
    merged.insert(merged.end(), block.begin(), block.end());
  }
  tr.thresholds.swap(merged);
  tr.still.assign(S, {});
  for (size_t s = 0; s < S; ++s) {
    const IndexPlan& plan = tr.plan[s];
    if (plan.terms.empty() || !tunnel_at[s].empty()) continue;  // a tunnel state's rows all move
    const size_t stride = plan.terms[0].stride, classes = plan.cells / stride;
    const uint32_t* table = &tr.thresholds[tr.offset[s] * width];
    for (size_t a = 0; a < classes; ++a)
      tr.still[s].push_back(std::all_of(table + a * stride * width,
                                        table + (a + 1) * stride * width,
                                        [](uint32_t t) { return t == 0; }));
  }
  // A row stays where its word reaches every threshold of its cell (draw_state): the largest of
  // the state's thresholds bounds them all (the cumulative ones rise to the last).
  tr.stay_from.assign(S, 0);
  for (size_t s = 0; s < S; ++s) {
    const auto first = tr.thresholds.begin() + static_cast<std::ptrdiff_t>(tr.offset[s] * width);
    const auto last = first + static_cast<std::ptrdiff_t>(tr.plan[s].cells * width);
    if (first != last) tr.stay_from[s] = *std::max_element(first, last);
  }
  tr.constant = std::all_of(tr.plan.begin(), tr.plan.end(),
                            [](const IndexPlan& plan) { return plan.terms.empty(); });
}

// An event's cost and QALY loss where one varies (an expression or a table). One that reads the
// cycle at most stays counted (cost_by_cycle, qaly_loss_by_cycle: the event's count in a results
// cell times the cycle's amount); one that reads anything else (age, sex, time in state,
// attributes) is billed per row from a table over the union of every amount's variables, the
// payers' and the QALY loss's (kEventAmounts columns; Event::billed_per_row).
bool compile_event_amounts(const ProcessSpec& spec, const EventSpec& e, const Site& site,
                           Event& ev) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  const size_t cycle = *c.find_variable("cycle");
  std::array<const StratifiedValue*, kEventAmounts> value{};
  for (size_t k = 0; k < kPayerCount; ++k) value[k] = &e.cost.varying[k];
  value[kPayerCount] = &e.qaly_loss;
  std::vector<LookupTable> tables(kEventAmounts);
  bool ok = true, cost_by_cycle = true, qaly_by_cycle = true;
  for (size_t k = 0; k < kEventAmounts; ++k) {
    const bool qaly = k == kPayerCount;
    tables[k] = expr::make_table({}, c, qaly ? e.qaly_loss.constant : e.cost.amount_gbp[k]);
    const StratifiedValue& v = *value[k];
    if (!v.varies()) continue;
    auto t = stratified_table(v, site);
    if (t && !readable_by_entity(*t, spec.entity, v.json_path, site)) t.reset();
    if (!t) {
      ok = false;
      continue;
    }
    const bool by_cycle = t->variables.empty() || t->variables == std::vector<size_t>{cycle};
    (qaly ? qaly_by_cycle : cost_by_cycle) &= by_cycle;
    tables[k] = std::move(*t);
  }
  if (!ok) return false;
  const size_t cycles = c.variable(cycle).domain;
  auto at_cycle = [&](size_t k, size_t cy) {
    return tables[k].values[tables[k].variables.empty() ? 0 : cy];
  };
  if (e.cost.varies() && cost_by_cycle) {
    ev.cost_by_cycle.assign(cycles, ev.cost_gbp);
    for (size_t k = 0; k < kPayerCount; ++k)
      if (e.cost.varying[k].varies())
        for (size_t cy = 0; cy < cycles; ++cy) ev.cost_by_cycle[cy][k] = at_cycle(k, cy);
  }
  if (e.qaly_loss.varies() && qaly_by_cycle)
    for (size_t cy = 0; cy < cycles; ++cy)
      ev.qaly_loss_by_cycle.push_back(at_cycle(kPayerCount, cy));
  ev.cost_per_row = !cost_by_cycle;
  ev.qaly_per_row = !qaly_by_cycle;
  ev.billed_per_row = ev.cost_per_row || ev.qaly_per_row;
  if (!ev.billed_per_row) return true;
  std::vector<const LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  const std::vector<size_t> vars = union_variables(all);
  ev.cost_plan = make_plan(vars, site.catalogue);
  if (too_big(1, ev.cost_plan.cells, kEventAmounts,
              e.json_path + (ev.cost_per_row ? "/cost" : "/qaly_loss"), site))
    return false;
  ev.cost_table.assign(ev.cost_plan.cells * kEventAmounts, 0.0);
  CellWalker walk(vars, site.catalogue, all);
  for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next())
    for (size_t k = 0; k < kEventAmounts; ++k)
      ev.cost_table[cell * kEventAmounts + k] = tables[k].values[walk.index(k)];
  compress_plan(ev.cost_plan, ev.cost_table, 1, kEventAmounts);
  return true;
}

void compile_events(const ProcessSpec& spec, double dt, Model& model, const Site& site,
                    CompiledProcess& out) {
  const size_t S = spec.states.size();
  for (const EventSpec& e : spec.events) {
    auto table = rate_table(e.rate_per_year, e.condition, e.json_path + "/if", e.modifiers, site,
                            intervention_effects(site, spec.name, "", "", e.name, dt));
    if (!table || !readable_by_entity(*table, spec.entity, e.json_path, site)) continue;
    Event ev;
    ev.name = e.name;
    ev.stream = stream_id(spec.name + "." + e.name);
    ev.count_stream = stream_id(spec.name + "." + e.name + ".count");
    ev.plan = make_plan(table->variables, site.catalogue);
    if (too_big(S, ev.plan.cells, 1, e.json_path, site)) continue;
    ev.slot.assign(S, -1);
    for (const std::string& in : e.in) {
      const size_t s = state_index(spec, in);
      if (ev.slot[s] >= 0) continue;
      ev.slot[s] = static_cast<int16_t>(ev.mean.size() / ev.plan.cells);
      for (size_t cell = 0; cell < ev.plan.cells; ++cell) {
        const double mean = table->values[cell] * dt;
        ev.mean.push_back(mean);
        ev.threshold.push_back(probability_threshold(-std::expm1(-mean)));
      }
    }
    compress_plan(ev.plan, ev.mean, ev.mean.size() / ev.plan.cells, 1);
    ev.threshold.clear();
    for (double mean : ev.mean) ev.threshold.push_back(probability_threshold(-std::expm1(-mean)));
    for (size_t at = 0; at < ev.threshold.size(); at += ev.plan.cells)  // slot by slot
      ev.top.push_back(*std::max_element(&ev.threshold[at], &ev.threshold[at] + ev.plan.cells));
    ev.cost_gbp = e.cost.amount_gbp;
    ev.qaly_loss = e.qaly_loss.constant;
    if ((e.cost.varies() || e.qaly_loss.varies()) && !compile_event_amounts(spec, e, site, ev))
      continue;
    ev.category = category_index(model, e.cost.category.empty() ? spec.name : e.cost.category);
    ev.service = e.service;
    ev.priority = static_cast<uint8_t>(e.priority);
    const auto& services = site.scenario.services;
    for (size_t k = 0; k < services.size(); ++k)
      if (services[k].name == e.service) {
        ev.service_index = static_cast<int>(k);
        ev.per_council = services[k].per_council;
      }
    out.events.push_back(std::move(ev));
  }
}

void compile_initial(const ProcessSpec& spec, const CohortSettings* cohort, const Site& site,
                     CompiledProcess& out) {
  const size_t S = spec.states.size();
  if (cohort)
    for (const auto& [process, state] : cohort->states)
      if (process == spec.name) out.fixed_start = static_cast<int>(state_index(spec, state));
  std::vector<LookupTable> tables(S);
  std::vector<bool> listed(S, false);
  bool ok = true;
  for (const auto& [state, value] : spec.initial) {
    const size_t s = state_index(spec, state);
    auto t = stratified_table(value, site);
    if (!t || !readable_by_entity(*t, spec.entity, value.json_path, site)) {
      ok = false;
      continue;
    }
    for (size_t v : t->variables)
      if (v >= site.catalogue.first_process_variable) {
        site.add(value.json_path + "/by",
                 "attributes of the person, household or area (an initial "
                 "distribution cannot depend on processes)",
                 "'" + site.catalogue.catalogue.variable(v).name + "'");
        ok = false;
      }
    tables[s] = std::move(*t);
    listed[s] = true;
  }
  if (!ok) return;
  for (size_t s = 0; s < S; ++s)
    if (!listed[s]) tables[s] = expr::make_table({}, site.catalogue.catalogue, 0.0);
  std::vector<const LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  const std::vector<size_t> vars = union_variables(all);
  out.initial_plan = make_plan(vars, site.catalogue);
  out.initial_thresholds.assign(out.initial_plan.cells * (S - 1), 0);
  CellWalker walk(vars, site.catalogue, all);
  for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next()) {
    double cumulative = 0.0;
    for (size_t s = 1; s < S; ++s) {
      cumulative += tables[s].values[walk.index(s)];
      out.initial_thresholds[cell * (S - 1) + (s - 1)] = probability_threshold(cumulative);
    }
    const double with_first = cumulative + (listed[0] ? tables[0].values[walk.index(0)] : 0.0);
    const std::string at = "/processes/" + spec.name + "/initial";
    if (cumulative > 1.0 + 1e-12) {
      site.add(at, "initial probabilities that sum to at most 1",
               "a sum of " + schema::format_number(cumulative) + walk.describe());
      return;
    }
    if (listed[0] && std::abs(with_first - 1.0) > 1e-9) {
      site.add(at,
               "initial probabilities of all states summing to 1 (or leave out the first state, "
               "which takes the rest)",
               "a sum of " + schema::format_number(with_first) + walk.describe());
      return;
    }
  }
  compress_plan(out.initial_plan, out.initial_thresholds, 1, S - 1);
}

// State costs with a payer amount that varies (an expression or a table): one table per state and
// payer over the union of their variables, accrued row by row. A state's amounts that turn out
// constant ("17/1734") stay with the constant costs, which are accrued by counting.
void compile_varying_costs(const ProcessSpec& spec, const Site& site, CompiledProcess& out) {
  const size_t S = spec.states.size();
  const expr::Catalogue& c = site.catalogue.catalogue;
  std::vector<LookupTable> tables(S * kPayerCount);  // [state][payer]
  for (auto& t : tables) t = expr::make_table({}, c, 0.0);
  out.cost_varies.assign(S, 0);
  bool ok = true;
  for (const auto& [state, cost] : spec.cost_per_year) {
    if (!cost.varies()) continue;
    const size_t s = state_index(spec, state);
    for (size_t k = 0; k < kPayerCount; ++k) {
      tables[s * kPayerCount + k].values[0] = cost.amount_gbp[k];
      if (!cost.varying[k].varies()) continue;
      auto t = stratified_table(cost.varying[k], site);
      if (t && !readable_by_entity(*t, spec.entity, cost.varying[k].json_path, site)) t.reset();
      if (!t) {
        ok = false;
        continue;
      }
      if (t->variables.empty()) {
        out.cost_per_year_gbp[s][k] = t->values[0];
        tables[s * kPayerCount + k].values[0] = 0.0;
        continue;
      }
      tables[s * kPayerCount + k] = std::move(*t);
      out.cost_varies[s] = 1;
    }
    if (out.cost_varies[s]) {  // the whole state's amounts are then accrued per row
      for (size_t k = 0; k < kPayerCount; ++k)
        if (!cost.varying[k].varies())
          tables[s * kPayerCount + k].values[0] = cost.amount_gbp[k];
        else if (tables[s * kPayerCount + k].variables.empty())
          tables[s * kPayerCount + k].values[0] = out.cost_per_year_gbp[s][k];
      out.cost_per_year_gbp[s] = {};
    }
  }
  out.cost_per_person = ok && std::any_of(out.cost_varies.begin(), out.cost_varies.end(),
                                          [](uint8_t v) { return v != 0; });
  if (!out.cost_per_person) return;
  std::vector<const LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  const std::vector<size_t> vars = union_variables(all);
  out.cost_plan = make_plan(vars, site.catalogue);
  const size_t cells = out.cost_plan.cells;
  if (too_big(S, cells, kPayerCount, "/processes/" + spec.name + "/cost_per_year", site)) {
    out.cost_per_person = false;
    return;
  }
  out.cost_table.assign(S * cells * kPayerCount, 0.0);
  for (size_t s = 0; s < S; ++s) {
    if (!out.cost_varies[s]) continue;
    CellWalker walk(vars, site.catalogue, all);
    for (size_t cell = 0; cell < cells; ++cell, walk.next())
      for (size_t k = 0; k < kPayerCount; ++k)
        out.cost_table[(s * cells + cell) * kPayerCount + k] =
            tables[s * kPayerCount + k].values[walk.index(s * kPayerCount + k)];
  }
  compress_plan(out.cost_plan, out.cost_table, S, kPayerCount);
}

void compile_accruals(const ProcessSpec& spec, Model& model, const Site& site,
                      CompiledProcess& out) {
  const size_t S = spec.states.size();
  out.cost_per_year_gbp.assign(S, {});
  out.cost_category.assign(S, 0);  // states without costs never use theirs
  for (const auto& [state, cost] : spec.cost_per_year) {
    const size_t s = state_index(spec, state);
    out.cost_per_year_gbp[s] = cost.amount_gbp;
    out.cost_category[s] = category_index(model, cost.category.empty() ? spec.name : cost.category);
  }
  compile_varying_costs(spec, site, out);
  std::vector<LookupTable> tables(S);
  for (size_t s = 0; s < S; ++s) tables[s] = expr::make_table({}, site.catalogue.catalogue, 1.0);
  out.has_utility = !spec.utility.empty();
  for (const auto& [state, u] : spec.utility) {
    const size_t s = state_index(spec, state);
    if (u.expression.empty() && !u.table.varies()) {
      tables[s].values[0] = u.constant;
      continue;
    }
    auto t = u.table.varies() ? stratified_table(u.table, site)
                              : number_table(u.expression, u.json_path, site);
    if (!t) continue;
    // One that reads no variable ("17/20") is the constant, accrued by counting like a number.
    out.utility_per_person = out.utility_per_person || !t->variables.empty();
    tables[s] = std::move(*t);
  }
  for (const HeterogeneitySpec& h : spec.heterogeneity) {
    Heterogeneity het{h.name, stream_id(spec.name + ".heterogeneity." + h.name), h,
                      std::vector<uint8_t>(S, 0)};
    for (const auto& st : h.utility_of) het.applies[state_index(spec, st)] = 1;
    if (!h.utility_of.empty()) out.utility_per_person = out.has_utility = true;
    out.heterogeneity.push_back(std::move(het));
  }
  std::vector<const LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  const std::vector<size_t> vars = union_variables(all);
  out.utility_plan = make_plan(vars, site.catalogue);
  out.utility.assign(S * out.utility_plan.cells, 1.0);
  for (size_t s = 0; s < S; ++s) {
    CellWalker walk(vars, site.catalogue, all);
    for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next())
      out.utility[s * out.utility_plan.cells + cell] = tables[s].values[walk.index(s)];
  }
  compress_plan(out.utility_plan, out.utility, S, 1);
}

}  // namespace

Model compile_model(const Scenario& scenario, const Population& population,
                    RunCatalogue& catalogue) {
  Model model;
  model.step_years = scenario.step_months / 12.0;
  DiagnosticList errors;
  std::vector<std::pair<std::string, std::string>> names;  // (name, JSON path)
  for (const ProcessSpec& p : scenario.processes) names.push_back({p.name, "/processes/" + p.name});
  for (const ServiceSpec& s : scenario.services) names.push_back({s.name, s.json_path});
  for (const InterventionSpec& i : scenario.interventions) names.push_back({i.name, i.json_path});
  for (const auto& [name, at] : names)
    for (const char* reserved : {"age", "age_band", "sex", "area", "council", "imd_quintile",
                                 "imd_decile", "household", "cycle"})
      if (name == reserved)
        errors.add(scenario.origin_of(at), at, "a name that is not an attribute of the catalogue",
                   "'" + name + "'");
  errors.throw_if_any();
  catalogue = build_catalogue(population, scenario);
  const Site site{scenario, catalogue, errors};
  const CohortSettings* cohort = scenario.population.source == PopulationSource::kCohort
                                     ? &scenario.population.cohort
                                     : nullptr;
  for (const ProcessSpec& spec : scenario.processes) {
    CompiledProcess cp;
    cp.name = spec.name;
    cp.states = spec.states;
    cp.stream = stream_id(spec.name);
    cp.initial_stream = stream_id(spec.name + ".initial");
    cp.household = spec.entity == Entity::kHousehold;
    if (!spec.attribute.empty())
      cp.attribute_bit = spec.attribute == "household.damp"             ? condition::kDamp
                         : spec.attribute == "household.poor_condition" ? condition::kPoorCondition
                         : spec.attribute == "household.no_central_heating"
                             ? condition::kNoCentralHeating
                             : condition::kOvercrowded;
    for (const auto& [g, members] : spec.groups) {
      cp.group_names.push_back(g);
      std::vector<uint8_t> in(spec.states.size(), 0);
      for (const auto& m : members) in[state_index(spec, m)] = 1;
      cp.group_members.push_back(std::move(in));
    }
    compile_initial(spec, cohort, site, cp);
    compile_transitions(spec, model.step_years, site, cp);
    compile_events(spec, model.step_years, model, site, cp);
    compile_accruals(spec, model, site, cp);
    model.processes.push_back(std::move(cp));
  }
  for (const ServiceSpec& s : scenario.services) {
    const auto& a = s.cost_per_service.amount_gbp;
    if (s.cost_per_service.varies() ||
        std::any_of(a.begin(), a.end(), [](double v) { return v != 0.0; }))
      category_index(model,
                     s.cost_per_service.category.empty() ? s.name : s.cost_per_service.category);
  }
  errors.throw_if_any();
  if (model.categories.empty()) model.categories.push_back("none");  // a dimension needs a label
  // A process read by another's transitions or events is updated after every process has drawn;
  // one whose time in state no table reads need not keep the step its state was entered.
  for (CompiledProcess& p : model.processes) {
    p.tracks_time = false;
    p.tracks_group.assign(p.group_members.size(), 0);
  }
  auto track = [&](const Term& t) {
    if (t.source.kind == CodeKind::kTimeInState)
      model.processes[t.source.process].tracks_time = true;
    if (t.source.kind == CodeKind::kTimeInGroup)
      model.processes[t.source.process].tracks_group[t.source.group] = 1;
  };
  for (size_t q = 0; q < model.processes.size(); ++q) {
    auto mark = [&](const IndexPlan& plan, bool other_may_not_read) {
      for (const Term& t : plan.terms) {
        const bool reads_process = t.source.kind == CodeKind::kState ||
                                   t.source.kind == CodeKind::kTimeInState ||
                                   t.source.kind == CodeKind::kTimeInGroup;
        if (other_may_not_read && reads_process && t.source.process != q)
          model.processes[t.source.process].in_place = false;
        track(t);
      }
    };
    for (const IndexPlan& plan : model.processes[q].transitions.plan) mark(plan, true);
    for (const Event& e : model.processes[q].events) {
      mark(e.plan, true);
      mark(e.cost_plan, true);  // read at the step's start, as the event's rate
    }
    mark(model.processes[q].utility_plan, false);
    mark(model.processes[q].cost_plan, false);
  }
  // Interventions' conditions and units' costs, and services' costs per request, may read a time
  // in state or group too (compiled later, engine/services; their problems are reported there).
  DiagnosticList reported_there;
  const Site quiet{scenario, catalogue, reported_there};
  auto track_table = [&](const std::optional<LookupTable>& table) {
    if (table)
      for (const Term& t : make_plan(table->variables, catalogue).terms) track(t);
  };
  auto track_cost = [&](const CostSpec& cost) {
    for (const StratifiedValue& v : cost.varying)
      if (v.varies()) track_table(stratified_table(v, quiet));
  };
  for (const InterventionSpec& iv : scenario.interventions) {
    track_table(condition_table(iv.who, iv.json_path + "/who", quiet));
    track_cost(iv.cost.per_unit);
    track_cost(iv.cost.per_unit_per_year);
  }
  for (const ServiceSpec& s : scenario.services) track_cost(s.cost_per_service);
  return model;
}

}  // namespace civicsim::process

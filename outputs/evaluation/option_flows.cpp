#include "outputs/evaluation/option_flows.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <tuple>

#include "engine/core/input_error.hpp"
#include "outputs/evaluation/arm_results.hpp"

namespace civicsim::evaluation {
namespace {

// For each cell of a series: the codes of the dimensions the evaluation splits by (-1: absent).
struct CellCodes {
  std::vector<int> first, payer, category, intervention, council, quintile;
};

CellCodes cell_codes(const RunResults& r, size_t s) {
  const SeriesDecl& decl = r.series[s];
  const size_t cells = r.cells(s);
  const std::vector<int> none(cells, -1);
  CellCodes out{std::vector<int>(cells, 0), none, none, none, none, none};
  std::vector<size_t> sizes;
  for (const auto& d : decl.dims) sizes.push_back(r.dimension(d).labels.size());
  std::vector<size_t> code(sizes.size(), 0);
  for (size_t c = 0; c < cells; ++c) {
    for (size_t k = 0; k < sizes.size(); ++k) {
      const int v = static_cast<int>(code[k]);
      if (k == 0) out.first[c] = v;
      if (decl.dims[k] == "payer") out.payer[c] = v;
      if (decl.dims[k] == "cost_category") out.category[c] = v;
      if (decl.dims[k] == "intervention") out.intervention[c] = v;
      if (decl.dims[k] == "council") out.council[c] = v;
      if (decl.dims[k] == "imd_quintile") out.quintile[c] = v;
    }
    for (size_t k = sizes.size(); k-- > 0;) {
      if (++code[k] < sizes[k]) break;
      code[k] = 0;
    }
  }
  return out;
}

bool ends_with(const std::string& name, const std::string& suffix) {
  return name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<size_t> find_series(const RunResults& r, const std::string& name) {
  for (size_t s = 0; s < r.series.size(); ++s)
    if (r.series[s].name == name) return s;
  return std::nullopt;
}

// The series of `r` with decl's name and dimensions (absent, or not comparable: the other arm's alone).
std::optional<size_t> same_series(const RunResults& r, const SeriesDecl& decl) {
  const auto s = find_series(r, decl.name);
  return s && r.series[*s].dims == decl.dims ? s : std::nullopt;
}

bool has_dimension(const SeriesDecl& decl, const std::string& d) {
  return std::find(decl.dims.begin(), decl.dims.end(), d) != decl.dims.end();
}

// The margin of a series the evaluation needs, split by council and quintile (margins written by
// civicsim before the evaluation split outcomes by group are not).
size_t require_margin(const Run& run, const std::string& name) {
  const RunResults& m = run.data.margins;
  if (m.time.empty())
    throw InputError({run.file, "/margins",
                      "the margins of the series (written by civicsim since the evaluation was "
                      "added: re-run the scenario)",
                      "no group /margins"});
  const auto s = find_series(m, name);
  if (!s)
    throw InputError(
        {run.file, "/margins/" + name,
         "the series " + name + " (a scenario with processes, so with costs and QALYs)",
         "no such series"});
  if (!has_dimension(m.series[*s], "council") || !has_dimension(m.series[*s], "imd_quintile"))
    throw InputError({run.file, "/margins/" + name,
                      "margins by council and IMD quintile (written by civicsim since outcomes are "
                      "split by group: re-run the scenario)",
                      "dimensions of " + name + " without them"});
  return *s;
}

// The groups of every cell of a series: group 0 (everyone), then its council (1..), then its
// quintile, where the series has them. A cell's groups do not change with replication or time.
class CellGroups {
 public:
  CellGroups(const RunResults& r, size_t s, size_t councils) : codes_(cell_codes(r, s)) {
    groups_.resize(r.cells(s));
    for (size_t c = 0; c < groups_.size(); ++c) {
      Groups& g = groups_[c];
      g.g[g.n++] = 0;
      if (codes_.council[c] >= 0) g.g[g.n++] = 1 + static_cast<size_t>(codes_.council[c]);
      if (codes_.quintile[c] >= 0)
        g.g[g.n++] = 1 + councils + static_cast<size_t>(codes_.quintile[c]);
    }
  }
  const CellCodes& codes() const { return codes_; }
  template <typename F>
  void for_each(size_t c, F f) const {
    for (size_t k = 0; k < groups_[c].n; ++k) f(groups_[c].g[k]);
  }

 private:
  struct Groups {
    std::array<size_t, 3> g{};
    size_t n = 0;
  };
  CellCodes codes_;
  std::vector<Groups> groups_;
};

// The month of time point t of a run (flow t happens during the step that starts then).
YearMonth month_of(const Run& run, size_t t) {
  const RunIdentity& id = run.data.identity;
  return YearMonth::parse(id.start)->plus(static_cast<int32_t>(t) * id.step_months);
}

// For each time point of a run's series: the (appraisal year, multiplier) pairs its value counts
// in. The multiplier is the convention's weight times D(time) / D(year) of the schedule, so that
// the accounting's whole-year discount factor D(year) gives the convention's present value.
using PointWeights = std::vector<std::vector<std::pair<int, double>>>;

// Merges pairs of one year (so that weights which cancel leave nothing, exactly).
void add_weight(std::vector<std::pair<int, double>>& out, int year, double m) {
  for (auto& [y, w] : out)
    if (y == year) {
      w += m;
      return;
    }
  out.emplace_back(year, m);
}

double within_year(const RateSchedule* schedule, const Slot& slot, int year) {
  if (!schedule) return 1.0;
  const double d = discount_factor_at(*schedule, slot.time);
  return year == slot.time ? 1.0 : d / discount_factor_at(*schedule, year);
}

// A flow's weights (costs, qalys, intervention costs): its cycle's slot. Without a schedule
// (units reached): weight 1 in its cycle's year, as counts are not discounted within the year.
PointWeights flow_weights(const Run& run, const CycleGrid& g, const FlowTiming& ft,
                          const RateSchedule* schedule) {
  PointWeights w(run.data.identity.steps + 1);
  const std::vector<Slot> slots = flow_slots(ft.convention, g.cycles, g.years_per_cycle);
  for (const Slot& s : slots) {
    const int y = year_of_cycle(s.cycle, g.years_per_cycle);
    add_weight(w[g.first_step + static_cast<size_t>(s.cycle)], y, within_year(schedule, s, y));
  }
  return w;
}

// A state reward series' weights (state_costs, state_qalys): the convention's slots of each point,
// less the share the run's own costs / qalys flows already hold (rewards.state_timing: a of the
// point at a step's start, b of the one at its end), which flow_weights counts as flows.
PointWeights state_weights(const Run& run, const CycleGrid& g, const FlowTiming& ft,
                           const RateSchedule& schedule) {
  PointWeights w(run.data.identity.steps + 1);
  const auto points = point_slots(ft.convention, g.cycles, g.years_per_cycle);
  const std::vector<Slot> flows = flow_slots(ft.convention, g.cycles, g.years_per_cycle);
  std::string timing = "start_of_step";
  if (run.scenario.is_object() && run.scenario.contains("rewards") &&
      run.scenario["rewards"].is_object())
    timing = run.scenario["rewards"].value("state_timing", timing);
  const double a = timing == "end_of_step" ? 0.0 : timing == "half_step" ? 0.5 : 1.0;
  const double b = 1.0 - a;
  for (size_t t = 0; t < points.size(); ++t) {
    auto& out = w[g.first_step + t];
    for (const Slot& s : points[t]) {
      const int y = year_of_cycle(s.cycle, g.years_per_cycle);
      add_weight(out, y, s.weight * within_year(&schedule, s, y));
    }
    const auto take = [&](size_t cycle, double share) {
      if (share == 0.0) return;
      const Slot& s = flows[cycle];
      const int y = year_of_cycle(s.cycle, g.years_per_cycle);
      add_weight(out, y, -share * within_year(&schedule, s, y));
    };
    if (t < flows.size()) take(t, a);
    if (t > 0) take(t - 1, b);
    std::erase_if(out, [](const std::pair<int, double>& p) { return p.second == 0.0; });
  }
  return w;
}

// Adds sign x m every cell of margin s of `r` to target[at(rep, g, y, cell)] for each (year y,
// multiplier m) of its time point (PointWeights; none outside the appraisal window), and |x m| to
// magnitude (the same shape); `at` returns -1 for a cell to skip.
template <typename At>
void accumulate(const OptionFlows& f, const Run& run, size_t s, double sign,
                std::vector<double>& target, std::vector<double>& magnitude, At at,
                const PointWeights& weights) {
  const RunResults& r = run.data.margins;
  const size_t councils = r.dimension("council").labels.size();
  const CellGroups groups(r, s, councils);
  const size_t cells = r.cells(s);
  for (int rep = 0; rep < f.replications; ++rep) {
    const std::vector<double>& v = r.values[s][static_cast<size_t>(rep)];
    for (size_t t = 0; t < r.time_points(s) && t < weights.size(); ++t)
      for (const auto& [y, m] : weights[t])
        for (size_t c = 0; c < cells; ++c) {
          const double x = sign * v[t * cells + c] * m;
          if (x == 0.0) continue;
          groups.for_each(c, [&](size_t g) {
            const long i = at(rep, g, y, groups.codes(), c);
            if (i < 0) return;
            target[static_cast<size_t>(i)] += x;
            magnitude[static_cast<size_t>(i)] += std::abs(x);
          });
        }
  }
}

// A difference within rounding of the totals it comes from is zero: the same values summed in
// another order (persons grouped differently by state when an option moves them) differ in their
// last bits, and an ICER divides by the QALY difference.
void drop_rounding(std::vector<double>& difference, const std::vector<double>& magnitude) {
  for (size_t i = 0; i < difference.size(); ++i)
    if (std::abs(difference[i]) <= 1e-12 * magnitude[i]) difference[i] = 0.0;
}

// Totals of each part (each state of an occupancy, when by_state; else the whole series) of margin
// s of `run`, per group and replication, weighted by w per time point (person-years for a stock),
// and the everyone total at each time point in the window; in one pass over the cells.
struct PartTotals {
  std::vector<std::vector<double>> total;    // [group][replication]
  std::vector<std::vector<double>> at_time;  // [replication][point in the window], everyone
};

std::vector<PartTotals> part_totals(const OptionFlows& f, const Run& run, std::optional<size_t> s,
                                    size_t parts, bool by_state, const std::vector<size_t>& points,
                                    double w) {
  const auto reps = static_cast<size_t>(f.replications);
  std::vector<PartTotals> out(
      parts, {std::vector<std::vector<double>>(f.groups.size(), std::vector<double>(reps, 0.0)),
              std::vector<std::vector<double>>(reps, std::vector<double>(points.size(), 0.0))});
  if (!s) return out;  // a series the other arm does not have: nothing happened there
  const RunResults& r = run.data.margins;
  const size_t councils = r.dimension("council").labels.size();
  const CellGroups cell_groups(r, *s, councils);
  const size_t cells = r.cells(*s);
  for (size_t rep = 0; rep < reps; ++rep) {
    const std::vector<double>& v = r.values[*s][rep];
    for (size_t k = 0; k < points.size(); ++k)
      for (size_t c = 0; c < cells; ++c) {
        PartTotals& part = out[by_state ? static_cast<size_t>(cell_groups.codes().first[c]) : 0];
        const double x = v[points[k] * cells + c];
        part.at_time[rep][k] += x;
        cell_groups.for_each(c, [&](size_t g) { part.total[g][rep] += x * w; });
      }
  }
  return out;
}

// Which groups a series is split by: everyone always, councils and quintiles where it has them.
std::vector<bool> groups_split(const SeriesDecl& decl, const std::vector<Group>& groups) {
  std::vector<bool> out;
  for (const Group& g : groups)
    out.push_back(g.dimension == "all" || has_dimension(decl, g.dimension));
  return out;
}

// Natural-unit outcomes: every event and service-request series, and person-years in each state of
// every process (a stock integrated over the steps), by group, from the margins, in the window.
std::vector<OutcomeSeries> outcomes(const OptionFlows& f, const Run& baseline, const Run& option) {
  const RunResults& o = option.data.margins;
  const RunResults& b = baseline.data.margins;
  const double years_per_step = option.data.identity.step_months / 12.0;
  std::vector<OutcomeSeries> out;
  for (size_t s = 0; s < o.series.size(); ++s) {
    const SeriesDecl& decl = o.series[s];
    if (!is_outcome_series(decl.name)) continue;
    const bool occupancy = ends_with(decl.name, ".occupancy");
    const std::optional<size_t> bs = same_series(b, decl);
    // Occupancy splits by its state dimension (the first); others are totals. A stock's point t
    // stands for the step that starts there (its last point, the end, for none).
    const size_t parts = occupancy ? o.dimension(decl.dims.front()).labels.size() : 1;
    const size_t last = occupancy ? o.time_points(s) - 1 : o.time_points(s);
    std::vector<size_t> points;
    for (size_t t = 0; t < last; ++t)
      if (f.appraisal.window.year_of(month_of(option, t)) >= 0) points.push_back(t);
    const double w = occupancy ? years_per_step : 1.0;
    std::vector<PartTotals> ot = part_totals(f, option, s, parts, occupancy, points, w);
    std::vector<PartTotals> bt = part_totals(f, baseline, bs, parts, occupancy, points, w);
    for (size_t part = 0; part < parts; ++part) {
      OutcomeSeries x;
      const std::string process = decl.name.substr(0, decl.name.size() - 10);  // less ".occupancy"
      x.name = occupancy ? process + ".years_in." + o.dimension(decl.dims.front()).labels[part]
                         : decl.name;
      // "persons" -> "person-years", "households" -> "household-years".
      const std::string single = !decl.unit.empty() && decl.unit.back() == 's'
                                     ? decl.unit.substr(0, decl.unit.size() - 1)
                                     : decl.unit;
      x.unit = occupancy ? single + "-years" : decl.unit;
      for (size_t t : points) x.time.push_back(o.time[t]);
      x.split = groups_split(decl, f.groups);
      x.option_total = std::move(ot[part].total);
      x.baseline_total = std::move(bt[part].total);
      for (auto* totals : {&x.option_total, &x.baseline_total})
        for (auto& by_rep : *totals)
          for (double& v : by_rep) v /= f.sampling_fraction;
      for (int rep = 0; rep < f.replications; ++rep) {
        std::vector<double>& d = ot[part].at_time[static_cast<size_t>(rep)];
        for (size_t k = 0; k < points.size(); ++k)
          d[k] = (d[k] - bt[part].at_time[static_cast<size_t>(rep)][k]) / f.sampling_fraction;
        x.difference_over_time.push_back(std::move(d));
      }
      out.push_back(std::move(x));
    }
  }
  return out;
}

// The position of `label` in `labels`, appended when new.
size_t index_of(std::vector<std::string>& labels, const std::string& label) {
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == label) return i;
  labels.push_back(label);
  return labels.size() - 1;
}

}  // namespace

bool is_outcome_series(const std::string& name) {
  return name.find(".events.") != std::string::npos || ends_with(name, ".requested") ||
         ends_with(name, ".served") || ends_with(name, ".occupancy");
}

bool is_evaluated_margin(const std::string& name) {
  // state_costs, state_qalys and population: each arm's own totals (arm_results.hpp).
  return name == "costs" || name == "qalys" || name == "intervention_costs" ||
         name == "intervention_fixed_costs" || name == "state_costs" || name == "state_qalys" ||
         name == "population" || ends_with(name, ".received") || is_outcome_series(name);
}

OptionFlows option_flows(const Run& baseline, const Run& option, const FlowTiming& timing) {
  const RunResults& o = option.data.margins;
  const RunResults& b = baseline.data.margins;
  const RunIdentity& id = option.data.identity;
  const size_t option_costs = require_margin(option, "costs");
  const size_t baseline_costs = require_margin(baseline, "costs");
  OptionFlows f;
  f.replications = id.replications;
  f.appraisal = read_appraisal(baseline.scenario, baseline.data.identity, baseline.file);
  f.years = f.appraisal.window.years;
  f.sampling_fraction = baseline.sampling_fraction;
  f.groups.push_back({"all", "All councils"});
  for (const auto& c : o.dimension("council").labels) f.groups.push_back({"council", c});
  for (const auto& q : o.dimension("imd_quintile").labels) f.groups.push_back({"imd_quintile", q});
  const size_t cells =
      static_cast<size_t>(f.replications) * f.groups.size() * static_cast<size_t>(f.years);

  // Cost items: payer x cost category, the union of both arms' categories (by name).
  std::vector<std::string> categories;
  const auto category_map = [&](const RunResults& r) {
    std::vector<size_t> m;
    for (const auto& c : r.dimension("cost_category").labels) m.push_back(index_of(categories, c));
    return m;
  };
  const std::vector<size_t> option_categories = category_map(o),
                            baseline_categories = category_map(b);
  for (int p = 0; p < kPayerCount; ++p)
    for (const std::string& c : categories) {
      const nlohmann::json& scenario = option.scenario;
      f.items.push_back({p, c, read_cost_category(scenario, c, option.file)});
    }
  const size_t nc = categories.size(), ni = f.items.size();
  f.item_difference.assign(cells * ni, 0.0);
  std::vector<double> item_size(cells * ni, 0.0);
  const auto item_at = [&](const std::vector<size_t>& cmap) {
    return [&f, &cmap, nc, ni](int rep, size_t g, int y, const CellCodes& k, size_t c) -> long {
      return static_cast<long>(f.index(rep, g, y) * ni + static_cast<size_t>(k.payer[c]) * nc +
                               cmap[static_cast<size_t>(k.category[c])]);
    };
  };
  // Each arm's weights under the convention: flows by their cycle's slot, state rewards by the
  // convention's points (engine/evaluation/cycle_convention.hpp).
  const CycleGrid grid = cycle_grid(baseline, f.appraisal.window);
  const RateSchedule& cost_rates = timing.rates.cost;
  const RateSchedule& health_rates = timing.rates.health;
  const PointWeights option_money = flow_weights(option, grid, timing, &cost_rates),
                     baseline_money = flow_weights(baseline, grid, timing, &cost_rates),
                     option_health = flow_weights(option, grid, timing, &health_rates),
                     baseline_health = flow_weights(baseline, grid, timing, &health_rates),
                     option_count = flow_weights(option, grid, timing, nullptr),
                     baseline_count = flow_weights(baseline, grid, timing, nullptr);
  accumulate(f, option, option_costs, +1, f.item_difference, item_size, item_at(option_categories),
             option_money);
  accumulate(f, baseline, baseline_costs, -1, f.item_difference, item_size,
             item_at(baseline_categories), baseline_money);
  // State rewards, where the runs hold them apart (state_costs, state_qalys; both or neither).
  const auto o_state_costs = find_series(o, "state_costs"),
             b_state_costs = find_series(b, "state_costs");
  if (o_state_costs && b_state_costs) {
    accumulate(f, option, *o_state_costs, +1, f.item_difference, item_size,
               item_at(option_categories), state_weights(option, grid, timing, cost_rates));
    accumulate(f, baseline, *b_state_costs, -1, f.item_difference, item_size,
               item_at(baseline_categories), state_weights(baseline, grid, timing, cost_rates));
  }

  const auto qaly_at = [&f](int rep, size_t g, int y, const CellCodes&, size_t) -> long {
    return static_cast<long>(f.index(rep, g, y));
  };
  f.qaly_difference.assign(cells, 0.0);
  std::vector<double> qaly_size(cells, 0.0);
  accumulate(f, option, require_margin(option, "qalys"), +1, f.qaly_difference, qaly_size, qaly_at,
             option_health);
  accumulate(f, baseline, require_margin(baseline, "qalys"), -1, f.qaly_difference, qaly_size,
             qaly_at, baseline_health);
  const auto o_state_qalys = find_series(o, "state_qalys"),
             b_state_qalys = find_series(b, "state_qalys");
  if (o_state_qalys && b_state_qalys) {
    accumulate(f, option, *o_state_qalys, +1, f.qaly_difference, qaly_size, qaly_at,
               state_weights(option, grid, timing, health_rates));
    accumulate(f, baseline, *b_state_qalys, -1, f.qaly_difference, qaly_size, qaly_at,
               state_weights(baseline, grid, timing, health_rates));
  }

  // Interventions: the union of both arms' (by name), their costs by payer and units reached.
  std::vector<std::string> names;
  const auto intervention_map = [&](const RunResults& r) {
    std::vector<size_t> m;
    if (const auto s = find_series(r, "intervention_costs"))
      for (const auto& n : r.dimension("intervention").labels) m.push_back(index_of(names, n));
    return m;
  };
  const std::vector<size_t> option_ivs = intervention_map(o), baseline_ivs = intervention_map(b);
  const size_t nv = names.size();
  for (const std::string& n : names) {
    const auto s = find_series(o, n + ".received");
    f.interventions.push_back({n, s ? o.series[*s].unit : "units",
                               read_intervention(option.scenario, n, f.appraisal, option.file)});
  }
  f.unit_cost.assign(cells * nv * kPayerCount, 0.0);
  f.fixed_cost.assign(cells * nv * kPayerCount, 0.0);
  f.units.assign(cells * nv, 0.0);
  std::vector<double> unit_size(f.unit_cost.size(), 0.0), fixed_size(f.fixed_cost.size(), 0.0),
      units_size(f.units.size(), 0.0);
  using Arm = std::tuple<const Run*, const std::vector<size_t>*, double, const PointWeights*,
                         const PointWeights*>;
  for (const auto& [run, map, sign, money, count] :
       std::array<Arm, 2>{Arm{&option, &option_ivs, +1.0, &option_money, &option_count},
                          Arm{&baseline, &baseline_ivs, -1.0, &baseline_money, &baseline_count}}) {
    const RunResults& r = run->data.margins;
    const auto cost_at = [&f, map, nv](int rep, size_t g, int y, const CellCodes& k,
                                       size_t c) -> long {
      return static_cast<long>(
          (f.index(rep, g, y) * nv + (*map)[static_cast<size_t>(k.intervention[c])]) * kPayerCount +
          static_cast<size_t>(k.payer[c]));
    };
    if (const auto s = find_series(r, "intervention_costs"))
      accumulate(f, *run, *s, sign, f.unit_cost, unit_size, cost_at, *money);
    if (const auto s = find_series(r, "intervention_fixed_costs"))
      accumulate(f, *run, *s, sign, f.fixed_cost, fixed_size, cost_at, *money);
    for (size_t i = 0; i < nv; ++i)
      if (const auto s = find_series(r, names[i] + ".received"))
        accumulate(
            f, *run, *s, sign, f.units, units_size,
            [&f, i, nv](int rep, size_t g, int y, const CellCodes&, size_t) -> long {
              return static_cast<long>(f.index(rep, g, y) * nv + i);
            },
            *count);
  }
  drop_rounding(f.item_difference, item_size);
  drop_rounding(f.qaly_difference, qaly_size);
  drop_rounding(f.unit_cost, unit_size);
  drop_rounding(f.fixed_cost, fixed_size);
  // To the whole population; money to the evaluation's price year (the same for both arms).
  for (std::vector<double>* money : {&f.item_difference, &f.unit_cost, &f.fixed_cost})
    for (double& x : *money) x = x * option.price_factor / f.sampling_fraction;
  for (std::vector<double>* count : {&f.qaly_difference, &f.units})
    for (double& x : *count) x /= f.sampling_fraction;
  f.item_present.assign(ni, false);
  f.intervention_present.assign(nv * kPayerCount, false);
  for (size_t k = 0; k < cells; ++k) {
    for (size_t i = 0; i < ni; ++i)
      if (f.item_difference[k * ni + i] != 0.0) f.item_present[i] = true;
    for (size_t j = 0; j < nv * kPayerCount; ++j)
      if (f.unit_cost[k * nv * kPayerCount + j] != 0.0 ||
          f.fixed_cost[k * nv * kPayerCount + j] != 0.0)
        f.intervention_present[j] = true;
  }
  f.outcomes = outcomes(f, baseline, option);
  return f;
}

AccountingInput accounting_input(const OptionFlows& f, size_t g, int r) {
  const auto years = static_cast<size_t>(f.years);
  const std::vector<double> zero(years, 0.0);
  const int first = r < 0 ? 0 : r, last = r < 0 ? f.replications : r + 1;
  const double w = 1.0 / (last - first);
  const size_t nv = f.interventions.size(), ni = f.items.size();
  AccountingInput in;
  in.qaly_differences = zero;
  for (size_t i = 0; i < nv; ++i)
    for (int p = 0; p < kPayerCount; ++p) {
      const size_t j = i * kPayerCount + static_cast<size_t>(p);
      if (!f.intervention_present[j]) continue;
      InterventionCostFlows line{f.interventions[i].name, kPayerNames[static_cast<size_t>(p)],
                                 f.interventions[i].settings.optimism_bias, zero, zero};
      for (int rep = first; rep < last; ++rep)
        for (int y = 0; y < f.years; ++y) {
          const size_t k = f.index(rep, g, y) * nv * kPayerCount + j;
          line.unit_costs[static_cast<size_t>(y)] += w * f.unit_cost[k];
          line.fixed_costs[static_cast<size_t>(y)] += w * f.fixed_cost[k];
        }
      in.interventions.push_back(std::move(line));
    }
  for (size_t i = 0; i < ni; ++i) {
    if (!f.item_present[i]) continue;
    const CostItem& item = f.items[i];
    CostItemFlows line{item.category,
                       kPayerNames[static_cast<size_t>(item.payer)],
                       item.settings.cashable,
                       item.settings.value,
                       item.settings.confidence_grade,
                       false,
                       zero};
    for (int rep = first; rep < last; ++rep)
      for (int y = 0; y < f.years; ++y)
        line.difference[static_cast<size_t>(y)] +=
            w * f.item_difference[f.index(rep, g, y) * ni + i];
    in.items.push_back(std::move(line));
  }
  for (int rep = first; rep < last; ++rep)
    for (int y = 0; y < f.years; ++y)
      in.qaly_differences[static_cast<size_t>(y)] += w * f.qaly_difference[f.index(rep, g, y)];
  return in;
}

std::vector<double> units_reached(const OptionFlows& f, size_t g, int r, size_t i) {
  std::vector<double> out(static_cast<size_t>(f.years), 0.0);
  const int first = r < 0 ? 0 : r, last = r < 0 ? f.replications : r + 1;
  const double w = 1.0 / (last - first);
  for (int rep = first; rep < last; ++rep)
    for (int y = 0; y < f.years; ++y)
      out[static_cast<size_t>(y)] += w * f.units[f.index(rep, g, y) * f.interventions.size() + i];
  return out;
}

AccountingSettings accounting_settings(const OptionFlows& f,
                                       const std::vector<double>& thresholds) {
  AccountingSettings s;
  s.qaly_value = f.appraisal.qaly_value;
  s.benefit_optimism_bias = f.appraisal.benefit_optimism_bias;
  s.qaly_confidence_grade = f.appraisal.qaly_confidence_grade;
  s.thresholds = thresholds;
  s.payer_sectors = f.appraisal.payer_sectors;
  return s;
}

}  // namespace civicsim::evaluation

#include "outputs/evaluation/option_flows.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <optional>

#include "engine/core/input_error.hpp"

namespace civicsim::evaluation {
namespace {

// For each cell of a series: the codes of the dimensions the evaluation splits by (-1: absent).
struct CellCodes {
  std::vector<int> first, payer, council, quintile;
};

CellCodes cell_codes(const RunResults& r, size_t s) {
  const SeriesDecl& decl = r.series[s];
  const size_t cells = r.cells(s);
  CellCodes out{std::vector<int>(cells, 0), std::vector<int>(cells, -1),
                std::vector<int>(cells, -1), std::vector<int>(cells, -1)};
  std::vector<size_t> sizes;
  for (const auto& d : decl.dims) sizes.push_back(r.dimension(d).labels.size());
  std::vector<size_t> code(sizes.size(), 0);
  for (size_t c = 0; c < cells; ++c) {
    for (size_t k = 0; k < sizes.size(); ++k) {
      const int v = static_cast<int>(code[k]);
      if (k == 0) out.first[c] = v;
      if (decl.dims[k] == "payer") out.payer[c] = v;
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
    throw InputError({run.file, "/margins/" + name,
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
      if (codes_.quintile[c] >= 0) g.g[g.n++] = 1 + councils + static_cast<size_t>(codes_.quintile[c]);
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

// Adds sign x every cell of margin s of `r` to `target` (costs by payer, or QALYs when not
// by_payer), by scenario year and group, and |x| to `magnitude` (the same shape).
void accumulate(OptionFlows& f, const RunResults& r, size_t s, double sign,
                std::vector<double>& target, std::vector<double>& magnitude, bool by_payer,
                int step_months) {
  const size_t councils = r.dimension("council").labels.size();
  const CellGroups groups(r, s, councils);
  const size_t cells = r.cells(s);
  for (int rep = 0; rep < f.replications; ++rep) {
    const std::vector<double>& v = r.values[s][static_cast<size_t>(rep)];
    for (size_t t = 0; t < r.time_points(s); ++t) {
      const int y = static_cast<int>(t) * step_months / 12;
      for (size_t c = 0; c < cells; ++c) {
        const double x = sign * v[t * cells + c];
        if (x == 0.0) continue;
        const int payer = by_payer ? groups.codes().payer[c] : 0;
        groups.for_each(c, [&](size_t g) {
          const size_t i = by_payer ? f.cost_index(rep, g, y, payer) : f.qaly_index(rep, g, y);
          target[i] += x;
          magnitude[i] += std::abs(x);
        });
      }
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
// s of `r`, per group and replication, weighted by w per time point (person-years for a stock), and
// the everyone total at each of the first `points` time points; in one pass over the cells.
struct PartTotals {
  std::vector<std::vector<double>> total;     // [group][replication]
  std::vector<std::vector<double>> at_time;   // [replication][time], everyone
};

std::vector<PartTotals> part_totals(const RunResults& r, std::optional<size_t> s, size_t parts,
                                    bool by_state, size_t points, double w, size_t groups,
                                    int replications) {
  const auto reps = static_cast<size_t>(replications);
  std::vector<PartTotals> out(
      parts, {std::vector<std::vector<double>>(groups, std::vector<double>(reps, 0.0)),
              std::vector<std::vector<double>>(reps, std::vector<double>(points, 0.0))});
  if (!s) return out;  // a series the other arm does not have: nothing happened there
  const size_t councils = r.dimension("council").labels.size();
  const CellGroups cell_groups(r, *s, councils);
  const size_t cells = r.cells(*s);
  for (size_t rep = 0; rep < reps; ++rep) {
    const std::vector<double>& v = r.values[*s][rep];
    for (size_t t = 0; t < points; ++t)
      for (size_t c = 0; c < cells; ++c) {
        PartTotals& part = out[by_state ? static_cast<size_t>(cell_groups.codes().first[c]) : 0];
        const double x = v[t * cells + c];
        part.at_time[rep][t] += x;
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
// every process (a stock integrated over the steps), by group, from the margins.
std::vector<OutcomeSeries> outcomes(const Run& baseline, const Run& option,
                                    const std::vector<Group>& groups) {
  const RunResults& o = option.data.margins;
  const RunResults& b = baseline.data.margins;
  const double years_per_step = option.data.identity.step_months / 12.0;
  std::vector<OutcomeSeries> out;
  for (size_t s = 0; s < o.series.size(); ++s) {
    const SeriesDecl& decl = o.series[s];
    if (!is_outcome_series(decl.name)) continue;
    const bool occupancy = ends_with(decl.name, ".occupancy");
    const std::optional<size_t> bs = same_series(b, decl);
    // Occupancy splits by its state dimension (the first); others are totals.
    const size_t parts = occupancy ? o.dimension(decl.dims.front()).labels.size() : 1;
    const size_t points = occupancy ? o.time_points(s) - 1 : o.time_points(s);
    const double w = occupancy ? years_per_step : 1.0;
    std::vector<PartTotals> ot = part_totals(o, s, parts, occupancy, points, w, groups.size(), o.replications);
    std::vector<PartTotals> bt = part_totals(b, bs, parts, occupancy, points, w, groups.size(), o.replications);
    for (size_t part = 0; part < parts; ++part) {
      OutcomeSeries x;
      const std::string process = decl.name.substr(0, decl.name.size() - 10);  // less ".occupancy"
      x.name = occupancy ? process + ".years_in." + o.dimension(decl.dims.front()).labels[part]
                         : decl.name;
      // "persons" -> "person-years", "households" -> "household-years".
      const std::string single =
          !decl.unit.empty() && decl.unit.back() == 's' ? decl.unit.substr(0, decl.unit.size() - 1) : decl.unit;
      x.unit = occupancy ? single + "-years" : decl.unit;
      x.time.assign(o.time.begin(), o.time.begin() + static_cast<long>(points));
      x.split = groups_split(decl, groups);
      x.option_total = std::move(ot[part].total);
      x.baseline_total = std::move(bt[part].total);
      for (int rep = 0; rep < o.replications; ++rep) {
        std::vector<double>& d = ot[part].at_time[static_cast<size_t>(rep)];
        for (size_t t = 0; t < points; ++t) d[t] -= bt[part].at_time[static_cast<size_t>(rep)][t];
        x.difference_over_time.push_back(std::move(d));
      }
      out.push_back(std::move(x));
    }
  }
  return out;
}

}  // namespace

bool is_outcome_series(const std::string& name) {
  return name.find(".events.") != std::string::npos || ends_with(name, ".requested") ||
         ends_with(name, ".served") || ends_with(name, ".occupancy");
}

bool is_evaluated_margin(const std::string& name) {
  return name == "costs" || name == "qalys" || name == "intervention_costs" ||
         name == "intervention_fixed_costs" || is_outcome_series(name);
}

OptionFlows option_flows(const Run& baseline, const Run& option) {
  const RunResults& o = option.data.margins;
  const RunResults& b = baseline.data.margins;
  const RunIdentity& id = option.data.identity;
  const size_t option_costs = require_margin(option, "costs");
  const size_t baseline_costs = require_margin(baseline, "costs");
  OptionFlows f;
  f.replications = id.replications;
  f.years = (id.steps * id.step_months + 11) / 12;
  f.first_year = std::stoi(id.start.substr(0, 4));
  f.groups.push_back({"all", "all"});
  for (const auto& c : o.dimension("council").labels) f.groups.push_back({"council", c});
  for (const auto& q : o.dimension("imd_quintile").labels) f.groups.push_back({"imd_quintile", q});
  const size_t cost_cells = static_cast<size_t>(f.replications) * f.groups.size() *
                            static_cast<size_t>(f.years) * kPayerCount;
  f.cost_difference.assign(cost_cells, 0.0);
  f.intervention_cost.assign(cost_cells, 0.0);
  f.qaly_difference.assign(cost_cells / kPayerCount, 0.0);

  const int step = id.step_months;
  std::vector<double> cost_size(cost_cells, 0.0), qaly_size(cost_cells / kPayerCount, 0.0),
      intervention_size(cost_cells, 0.0);
  accumulate(f, o, option_costs, +1, f.cost_difference, cost_size, true, step);
  accumulate(f, b, baseline_costs, -1, f.cost_difference, cost_size, true, step);
  accumulate(f, o, require_margin(option, "qalys"), +1, f.qaly_difference, qaly_size, false, step);
  accumulate(f, b, require_margin(baseline, "qalys"), -1, f.qaly_difference, qaly_size, false, step);
  for (const char* name : {"intervention_costs", "intervention_fixed_costs"}) {
    if (const auto s = find_series(o, name))
      accumulate(f, o, *s, +1, f.intervention_cost, intervention_size, true, step);
    if (const auto s = find_series(b, name))
      accumulate(f, b, *s, -1, f.intervention_cost, intervention_size, true, step);
  }
  drop_rounding(f.cost_difference, cost_size);
  drop_rounding(f.qaly_difference, qaly_size);
  drop_rounding(f.intervention_cost, intervention_size);
  for (std::vector<double>* money : {&f.cost_difference, &f.intervention_cost})
    for (double& x : *money) x *= option.price_factor;  // the same for both arms (paired_runs.hpp)
  f.outcomes = outcomes(baseline, option, f.groups);
  return f;
}

AppraisalInput appraisal_input(const OptionFlows& f, size_t g, int r) {
  AppraisalInput in;
  in.intervention_costs.assign(static_cast<size_t>(f.years), 0.0);
  in.qaly_differences.assign(static_cast<size_t>(f.years), 0.0);
  for (int p = 0; p < kPayerCount; ++p) in.cost_differences.push_back({kPayerNames[p], {}});
  for (auto& pf : in.cost_differences) pf.cost_difference.assign(static_cast<size_t>(f.years), 0.0);
  const int first = r < 0 ? 0 : r, last = r < 0 ? f.replications : r + 1;
  const double w = 1.0 / (last - first);
  for (int rep = first; rep < last; ++rep)
    for (int y = 0; y < f.years; ++y) {
      const auto yi = static_cast<size_t>(y);
      for (int p = 0; p < kPayerCount; ++p) {
        in.intervention_costs[yi] += w * f.cost(f.intervention_cost, rep, g, y, p);
        in.cost_differences[static_cast<size_t>(p)].cost_difference[yi] +=
            w * f.cost(f.cost_difference, rep, g, y, p);
      }
      in.qaly_differences[yi] += w * f.qaly_difference[f.qaly_index(rep, g, y)];
    }
  return in;
}

}  // namespace civicsim::evaluation

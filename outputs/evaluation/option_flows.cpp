#include "outputs/evaluation/option_flows.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "engine/core/input_error.hpp"

namespace civicsim::evaluation {
namespace {

// For each cell of a series: the codes of the dimensions the evaluation splits by (-1: absent).
struct CellCodes {
  std::vector<int> payer, council, quintile;
};

CellCodes cell_codes(const RunResults& r, size_t s) {
  const SeriesDecl& decl = r.series[s];
  const size_t cells = r.cells(s);
  CellCodes out{std::vector<int>(cells, -1), std::vector<int>(cells, -1),
                std::vector<int>(cells, -1)};
  std::vector<size_t> sizes;
  for (const auto& d : decl.dims) sizes.push_back(r.dimension(d).labels.size());
  std::vector<size_t> code(sizes.size(), 0);
  for (size_t c = 0; c < cells; ++c) {
    for (size_t k = 0; k < sizes.size(); ++k) {
      const int v = static_cast<int>(code[k]);
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

std::optional<size_t> find_series(const RunResults& r, const std::string& name) {
  for (size_t s = 0; s < r.series.size(); ++s)
    if (r.series[s].name == name) return s;
  return std::nullopt;
}

size_t require_series(const Run& run, const std::string& name) {
  const auto s = find_series(run.data.results, name);
  if (!s)
    throw InputError({run.file, "/results/" + name,
                      "the series " + name + " (a scenario with processes, so with costs and QALYs)",
                      "no such series"});
  return *s;
}

class Accumulator {
 public:
  Accumulator(OptionFlows& f, const RunResults& shape) : f_(f) {
    councils_ = shape.dimension("council").labels.size();
  }

  // Adds sign x every cell of series s of `run` to `target` (costs by payer, or QALYs when
  // payer_of_cell is absent), by scenario year and group.
  void add(const RunResults& r, size_t s, double sign, std::vector<double>& target, bool by_payer,
           int step_months) {
    const CellCodes codes = cell_codes(r, s);
    const size_t cells = r.cells(s);
    std::vector<Groups> groups(cells);  // a cell's groups do not change with replication or time
    for (size_t c = 0; c < cells; ++c) groups[c] = groups_of(codes, c);
    for (int rep = 0; rep < f_.replications; ++rep) {
      const std::vector<double>& v = r.values[s][static_cast<size_t>(rep)];
      for (size_t t = 0; t < r.time_points(s); ++t) {
        const int y = static_cast<int>(t) * step_months / 12;
        for (size_t c = 0; c < cells; ++c) {
          const double x = sign * v[t * cells + c];
          if (x == 0.0) continue;
          const int payer = by_payer ? codes.payer[c] : 0;
          for (size_t k = 0; k < groups[c].n; ++k) {
            const size_t g = groups[c].g[k];
            if (by_payer)
              f_.cost(target, rep, g, y, payer) += x;
            else
              target[f_.qaly_index(rep, g, y)] += x;
          }
        }
      }
    }
  }

 private:
  struct Groups {
    std::array<size_t, 3> g{};
    size_t n = 0;
  };

  // Group 0 (everyone), then the cell's council (1..), then its quintile, where the series has them.
  Groups groups_of(const CellCodes& codes, size_t c) const {
    Groups out;
    out.g[out.n++] = 0;
    if (codes.council[c] >= 0) out.g[out.n++] = 1 + static_cast<size_t>(codes.council[c]);
    if (codes.quintile[c] >= 0)
      out.g[out.n++] = 1 + councils_ + static_cast<size_t>(codes.quintile[c]);
    return out;
  }

  OptionFlows& f_;
  size_t councils_ = 0;
};

// Natural-unit outcomes: every event and service-request series, and person-years in each state of
// every process (a stock integrated over the steps).
std::vector<OutcomeSeries> outcomes(const Run& baseline, const Run& option) {
  // From the margins: a few numbers per step, whatever the number of cells of the series.
  for (const Run* run : {&baseline, &option})
    if (run->data.margins.time.empty())
      throw InputError({run->file, "/margins",
                        "the margins of the series (written by civicsim since the evaluation "
                        "was added: re-run the scenario)",
                        "no group /margins"});
  const RunResults& o = option.data.margins;
  const RunResults& b = baseline.data.margins;
  const double years_per_step = option.data.identity.step_months / 12.0;
  std::vector<OutcomeSeries> out;
  for (size_t s = 0; s < o.series.size(); ++s) {
    const SeriesDecl& decl = o.series[s];
    const auto ends_with = [&](const std::string& suffix) {
      return decl.name.size() > suffix.size() &&
             decl.name.compare(decl.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const bool events = decl.name.find(".events.") != std::string::npos;
    const bool requests = ends_with(".requested") || ends_with(".served");
    const bool occupancy = ends_with(".occupancy");
    if (!events && !requests && !occupancy) continue;
    const auto bs = find_series(b, decl.name);
    const size_t cells = o.cells(s);
    // Occupancy splits by its state dimension (the first); others are totals.
    const size_t parts = occupancy ? o.dimension(decl.dims.front()).labels.size() : 1;
    const size_t per_part = cells / parts;
    for (size_t part = 0; part < parts; ++part) {
      OutcomeSeries x;
      const std::string process = decl.name.substr(0, decl.name.size() - 10);  // less ".occupancy"
      x.name = occupancy ? process + ".years_in." + o.dimension(decl.dims.front()).labels[part]
                         : decl.name;
      // "persons" -> "person-years", "households" -> "household-years".
      const std::string single =
          !decl.unit.empty() && decl.unit.back() == 's' ? decl.unit.substr(0, decl.unit.size() - 1) : decl.unit;
      x.unit = occupancy ? single + "-years" : decl.unit;
      const size_t points = occupancy ? o.time_points(s) - 1 : o.time_points(s);
      x.time.assign(o.time.begin(), o.time.begin() + static_cast<long>(points));
      for (int rep = 0; rep < o.replications; ++rep) {
        const auto total_at = [&](const RunResults& r, size_t series, size_t t) {
          const std::vector<double>& v = r.values[series][static_cast<size_t>(rep)];
          double sum = 0.0;
          for (size_t c = part * per_part; c < (part + 1) * per_part; ++c) sum += v[t * cells + c];
          return sum;
        };
        double bt = 0.0, ot = 0.0;
        std::vector<double> diff(points, 0.0);
        for (size_t t = 0; t < points; ++t) {
          const double ov = total_at(o, s, t);
          const double bv = bs && b.cells(*bs) == cells ? total_at(b, *bs, t) : 0.0;
          const double w = occupancy ? years_per_step : 1.0;
          ot += ov * w;
          bt += bv * w;
          diff[t] = ov - bv;
        }
        x.baseline_total.push_back(bt);
        x.option_total.push_back(ot);
        x.difference_over_time.push_back(std::move(diff));
      }
      out.push_back(std::move(x));
    }
  }
  return out;
}

}  // namespace

OptionFlows option_flows(const Run& baseline, const Run& option) {
  const RunResults& o = option.data.results;
  const RunResults& b = baseline.data.results;
  const RunIdentity& id = option.data.identity;
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

  Accumulator acc(f, o);
  acc.add(o, require_series(option, "costs"), +1, f.cost_difference, true, id.step_months);
  acc.add(b, require_series(baseline, "costs"), -1, f.cost_difference, true, id.step_months);
  acc.add(o, require_series(option, "qalys"), +1, f.qaly_difference, false, id.step_months);
  acc.add(b, require_series(baseline, "qalys"), -1, f.qaly_difference, false, id.step_months);
  for (const char* name : {"intervention_costs", "intervention_fixed_costs"}) {
    if (const auto s = find_series(o, name))
      acc.add(o, *s, +1, f.intervention_cost, true, id.step_months);
    if (const auto s = find_series(b, name))
      acc.add(b, *s, -1, f.intervention_cost, true, id.step_months);
  }
  f.outcomes = outcomes(baseline, option);
  return f;
}

}  // namespace civicsim::evaluation

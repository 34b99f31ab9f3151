#include "outputs/observed_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

// "series[dim=a|b;dim2=c]": the sum of a series over the cells whose labels are allowed.
struct Selection {
  std::string series;
  std::vector<std::pair<std::string, std::vector<std::string>>> where;
};

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t from = 0;
  for (size_t at = text.find(sep); at != std::string::npos; at = text.find(sep, from)) {
    out.push_back(text.substr(from, at - from));
    from = at + 1;
  }
  out.push_back(text.substr(from));
  return out;
}

std::optional<Selection> parse_selection(const std::string& text) {
  Selection s;
  const size_t open = text.find('[');
  s.series = text.substr(0, open);
  if (s.series.empty()) return std::nullopt;
  if (open == std::string::npos) return s;
  if (text.back() != ']') return std::nullopt;
  const std::string inner = text.substr(open + 1, text.size() - open - 2);
  if (inner.empty()) return s;
  for (const std::string& clause : split(inner, ';')) {
    const size_t eq = clause.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == clause.size()) return std::nullopt;
    s.where.push_back({clause.substr(0, eq), split(clause.substr(eq + 1), '|')});
  }
  return s;
}

// A period: one time point ("2025-04") or the steps starting in [from, to) ("2024-04..2025-04").
struct Period {
  std::string from, to;
  bool range() const { return !to.empty(); }
};

Period parse_period(const std::string& text) {
  const size_t dots = text.find("..");
  if (dots == std::string::npos) return {text, ""};
  return {text.substr(0, dots), text.substr(dots + 2)};
}

// A selection bound to a result file: which series, which cells.
struct BoundSelection {
  size_t series = 0;
  std::vector<char> cell_in;  // per cell of the series
};

class Binder {
 public:
  Binder(const RunResults& r, std::string file) : r_(r), file_(std::move(file)) {}

  std::optional<BoundSelection> bind(const Selection& s, const std::string& where) {
    size_t index = 0;
    try {
      index = r_.series_index(s.series);
    } catch (const std::out_of_range&) {
      errors.add(file_, "/results/" + s.series,
                 "the series " + s.series + " (needed by " + where + ")", "no such series");
      return std::nullopt;
    }
    const SeriesDecl& decl = r_.series[index];
    std::vector<std::vector<char>> allowed;  // per dim of the series, per label
    for (const std::string& dim : decl.dims)
      allowed.emplace_back(r_.dimension(dim).labels.size(), 1);
    for (const auto& [dim, labels] : s.where) {
      const auto d = std::find(decl.dims.begin(), decl.dims.end(), dim);
      if (d == decl.dims.end()) {
        errors.add(file_, "/results/" + s.series,
                   "a dimension " + dim + " of " + s.series + " (needed by " + where + ")",
                   "dimensions " + join(decl.dims));
        return std::nullopt;
      }
      const auto& known = r_.dimension(dim).labels;
      auto& mask = allowed[static_cast<size_t>(d - decl.dims.begin())];
      std::fill(mask.begin(), mask.end(), 0);
      for (const std::string& label : labels) {
        const auto l = std::find(known.begin(), known.end(), label);
        if (l == known.end()) {
          errors.add(file_, "/dimensions/" + dim,
                     "a label '" + label + "' (needed by " + where + ")", "labels " + join(known));
          return std::nullopt;
        }
        mask[static_cast<size_t>(l - known.begin())] = 1;
      }
    }
    BoundSelection out{index, std::vector<char>(r_.cells(index), 0)};
    std::vector<size_t> code(decl.dims.size(), 0);
    for (size_t cell = 0; cell < out.cell_in.size(); ++cell) {
      bool in = true;
      for (size_t k = 0; k < code.size(); ++k) in = in && allowed[k][code[k]];
      out.cell_in[cell] = in;
      for (size_t k = code.size(); k-- > 0;) {  // next cell, last dimension fastest
        if (++code[k] < allowed[k].size()) break;
        code[k] = 0;
      }
    }
    return out;
  }

  double sum(const BoundSelection& b, int replication, size_t t) const {
    const std::vector<double>& v = r_.values[b.series][static_cast<size_t>(replication)];
    const size_t n = b.cell_in.size();
    double total = 0.0;
    for (size_t c = 0; c < n; ++c)
      if (b.cell_in[c]) total += v[t * n + c];
    return total;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  }

  DiagnosticList errors;

 private:
  const RunResults& r_;
  std::string file_;
};

std::optional<size_t> time_index(const RunResults& r, const std::string& label) {
  const auto it = std::find(r.time.begin(), r.time.end(), label);
  if (it == r.time.end()) return std::nullopt;
  return static_cast<size_t>(it - r.time.begin());
}

}  // namespace

std::vector<ObservedTarget> read_observed_targets(const std::filesystem::path& csv) {
  const CsvTable t = CsvTable::read(csv);
  t.require_columns({"measure", "area", "period", "observed", "observed_count", "numerator",
                     "denominator", "per", "source"});
  DiagnosticList errors;
  std::vector<ObservedTarget> out;
  const auto col = [&](const char* name) { return *t.find_column(name); };
  for (size_t row = 0; row < t.rows(); ++row) {
    ObservedTarget x;
    x.measure = t.cell(row, col("measure"));
    x.area = t.cell(row, col("area"));
    x.period = t.cell(row, col("period"));
    x.numerator = t.cell(row, col("numerator"));
    x.denominator = t.cell(row, col("denominator"));
    x.source = t.cell(row, col("source"));
    x.observed = t.number(row, col("observed"), errors);
    x.per = t.number(row, col("per"), errors, 1.0);
    if (auto n = t.optional_number(row, col("observed_count"), errors)) x.observed_count = *n;
    const Period p = parse_period(x.period);
    const auto is_month = [](const std::string& s) {
      return s.size() == 7 && s[4] == '-' &&
             std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || std::isdigit(c); });
    };
    if (!is_month(p.from) || (p.range() && !is_month(p.to)))
      errors.add(t.file(), t.where(row, col("period")), "YYYY-MM or YYYY-MM..YYYY-MM",
                 "'" + x.period + "'");
    if (!parse_selection(x.numerator))
      errors.add(t.file(), t.where(row, col("numerator")), "series or series[dim=label|label;...]",
                 "'" + x.numerator + "'");
    if (!x.denominator.empty() && !parse_selection(x.denominator))
      errors.add(t.file(), t.where(row, col("denominator")),
                 "blank, series or series[dim=label|label;...]", "'" + x.denominator + "'");
    out.push_back(std::move(x));
  }
  errors.throw_if_any();
  return out;
}

std::vector<FitRow> compare_with_observed(const RunResults& results, const std::string& file,
                                          const std::vector<ObservedTarget>& targets) {
  Binder binder(results, file);
  std::vector<FitRow> rows;
  for (const ObservedTarget& target : targets) {
    const std::string where = target.measure + " " + target.area;
    const Period period = parse_period(target.period);
    const auto from = time_index(results, period.from);
    const auto to = period.range() ? time_index(results, period.to) : from;
    if (!from || !to || *to < *from || (period.range() && *to == *from)) {
      binder.errors.add(file, "/time",
                        "time points " + target.period + " (needed by " + where + ")",
                        results.time.front() + " to " + results.time.back());
      continue;
    }
    const auto num = binder.bind(*parse_selection(target.numerator), where);
    std::optional<BoundSelection> den;
    if (!target.denominator.empty()) {
      den = binder.bind(*parse_selection(target.denominator), where);
      if (!den) continue;
    }
    if (!num) continue;
    const bool num_flow = results.series[num->series].kind == SeriesKind::kFlow;
    if (num_flow != period.range()) {
      binder.errors.add(file, "/results/" + results.series[num->series].name,
                        std::string(period.range() ? "a flow series" : "a stock series") +
                            " for the period " + target.period + " of " + where,
                        num_flow ? "a flow" : "a stock");
      continue;
    }
    std::vector<double> value, count_error;
    for (int r = 0; r < results.replications; ++r) {
      double n = 0.0;
      if (period.range()) {
        for (size_t t = *from; t < *to; ++t) n += binder.sum(*num, r, t);
      } else {
        n = binder.sum(*num, r, *from);
      }
      // Denominators are stocks: the mean of the period's two ends for a flow.
      const double d = !den ? 1.0 : 0.5 * (binder.sum(*den, r, *from) + binder.sum(*den, r, *to));
      value.push_back(d > 0 ? n / d * target.per : 0.0);
      count_error.push_back(d > 0 ? std::sqrt(n) / d * target.per : 0.0);
    }
    FitRow row{target};
    const double reps = static_cast<double>(value.size());
    row.model_mean = std::accumulate(value.begin(), value.end(), 0.0) / reps;
    double sd = 0.0;
    if (value.size() >= 2) {
      for (double v : value) sd += (v - row.model_mean) * (v - row.model_mean);
      sd = std::sqrt(sd / (reps - 1));
    } else {
      sd = count_error[0];  // one replication: the count's Poisson error
    }
    row.model_low = row.model_mean - 1.96 * sd;
    row.model_high = row.model_mean + 1.96 * sd;
    double obs_sd = 0.0;
    if (target.observed_count > 0) obs_sd = target.observed / std::sqrt(target.observed_count);
    const double combined = std::sqrt(sd * sd + obs_sd * obs_sd);
    row.z = combined > 0 ? (row.model_mean - target.observed) / combined : 0.0;
    row.within = std::abs(row.z) <= 1.96;
    rows.push_back(row);
  }
  binder.errors.throw_if_any();
  return rows;
}

std::string fit_table_markdown(const std::vector<FitRow>& rows, const std::string& result_file,
                               int replications) {
  const auto num = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, std::abs(v) < 1 ? "%.3f" : "%.1f", v);
    return std::string(buf);
  };
  std::string s =
      "Model: `" + result_file + "` (" + std::to_string(replications) + " replication" +
      (replications == 1 ? "" : "s") +
      "). Model interval: 95% of the spread between replications (with one, the Poisson "
      "error of the count). A row *misses* when the model is more than 1.96 combined "
      "standard errors (model and, where the source gives a count, observed) from the "
      "observed figure.\n\n"
      "| measure | area | period | observed | model | model 95% interval | verdict | source |\n"
      "|---|---|---|---|---|---|---|---|\n";
  int misses = 0;
  for (const FitRow& r : rows) {
    const double gap = r.target.observed != 0 ? (r.model_mean / r.target.observed - 1) * 100 : 0;
    char verdict[64];
    std::snprintf(verdict, sizeof verdict, "%s (%+.0f%%)", r.within ? "within" : "**misses**", gap);
    misses += r.within ? 0 : 1;
    s += "| " + r.target.measure + " | " + r.target.area + " | " + r.target.period + " | " +
         num(r.target.observed) + " | " + num(r.model_mean) + " | " + num(r.model_low) + " to " +
         num(r.model_high) + " | " + verdict + " | " + r.target.source + " |\n";
  }
  s += "\n" + std::to_string(misses) + " of " + std::to_string(rows.size()) +
       " figures missed by more than the uncertainty.\n";
  return s;
}

}  // namespace civicsim

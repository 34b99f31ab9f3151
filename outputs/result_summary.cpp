// Formats a ResultFile as the text of `civicsim info`; see result_summary.hpp.
#include "outputs/result_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/year_month.hpp"
#include "engine/scenario/sampling.hpp"

namespace civicsim {
namespace {

// "1561320" -> "1,561,320"; the separators are what make population-sized counts readable.
std::string group_thousands(const std::string& digits) {
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_count(uint64_t n) { return group_thousands(std::to_string(n)); }

// Whole numbers for integer series; two decimals (or three significant figures below 1, so small
// rates do not print as 0.00) for money, QALYs and other real-valued series.
std::string format_value(double v, bool integer) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  const std::string sign = v < 0 ? "-" : "";
  const double a = std::fabs(v);
  char buf[64];
  if (integer) {
    std::snprintf(buf, sizeof buf, "%.0f", a);
    return sign + group_thousands(buf);
  }
  if (a > 0 && a < 1) {
    std::snprintf(buf, sizeof buf, "%.3g", a);
    return sign + buf;
  }
  std::snprintf(buf, sizeof buf, "%.2f", a);
  const std::string text = buf;
  const size_t dot = text.find('.');
  return sign + group_thousands(text.substr(0, dot)) + text.substr(dot);
}

std::string format_duration(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  std::string out = buf;
  if (seconds >= 60) {
    const long total = std::lround(seconds);
    if (total >= 3600)
      std::snprintf(buf, sizeof buf, " (%ld h %02ld min)", total / 3600, total % 3600 / 60);
    else
      std::snprintf(buf, sizeof buf, " (%ld min %ld s)", total / 60, total % 60);
    out += buf;
  }
  return out;
}

// The date of the last recorded point: start + steps x step length, or the last time label if the
// start does not parse.
std::string end_date(const ResultFile& file) {
  const RunIdentity& id = file.identity;
  if (auto start = YearMonth::parse(id.start))
    return start->plus(id.steps * id.step_months).to_string();
  return file.results.time.empty() ? "unknown" : file.results.time.back();
}

std::string dims_text(const RunResults& results, const SeriesDecl& decl) {
  if (decl.dims.empty()) return "-";
  std::string out;
  for (const auto& dim : decl.dims) {
    if (!out.empty()) out += " x ";
    size_t size = 0;
    for (const auto& d : results.dimensions)
      if (d.name == dim) size = d.labels.size();
    out += dim + "(" + std::to_string(size) + ")";
  }
  return out;
}

// Replication 0's total over all cells at its first and last time point.
std::string totals_text(const RunResults& results, size_t s) {
  if (results.values[s].empty()) return "n/a";
  const std::vector<double>& values = results.values[s][0];
  const size_t points = results.time_points(s);
  if (points == 0 || values.empty()) return "n/a";
  const size_t cells = values.size() / points;
  auto total = [&](size_t t) {
    double sum = 0;
    for (size_t c = 0; c < cells; ++c) sum += values[t * cells + c];
    return sum;
  };
  const bool integer = results.series[s].integer;
  return format_value(total(0), integer) + " -> " + format_value(total(points - 1), integer);
}

// The sampling fraction recorded in /meta's scenario and what it means for the totals.
std::string sample_text(const RunMeta& meta) {
  std::optional<double> fraction;
  try {
    fraction = sampling_fraction(nlohmann::json::parse(meta.scenario_json));
  } catch (const nlohmann::json::exception&) {
  }
  return fraction ? sampling_text(*fraction)
                  : "not recorded (no population section in /meta/scenario_json)";
}

// Left-aligned columns separated by two spaces; the last column is not padded.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      out += row[c];
      if (c + 1 < row.size()) out += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace

std::string describe_results(const ResultFile& file) {
  const RunIdentity& id = file.identity;
  const RunMeta& meta = file.meta;
  const RunResults& results = file.results;

  const std::string step_length =
      id.step_months == 1 ? "1 month" : std::to_string(id.step_months) + " months";
  std::string run = format_duration(meta.wall_time_s) + " wall time on " +
                    std::to_string(meta.threads) + (meta.threads == 1 ? " thread" : " threads");
  if (!meta.host.empty()) run += ", " + meta.host;
  if (!meta.timestamp_utc.empty()) run += ", " + meta.timestamp_utc;

  std::vector<std::vector<std::string>> facts{
      {"Scenario", id.scenario_name},
      {"Engine version", meta.engine_version},
      {"Seed", std::to_string(id.seed)},
      {"Replications", std::to_string(id.replications)},
      {"Start", id.start},
      {"End", end_date(file)},
      {"Steps", std::to_string(id.steps) + " of " + step_length},
      {"Population", id.population_source + " (fingerprint " + id.population_fingerprint + ")"},
      {"Sample", sample_text(meta)},
      {"Initial persons", format_count(id.initial_persons)},
      {"Initial households", format_count(id.initial_households)},
      {"Run", run},
  };
  if (!meta.input_fingerprint.empty())
    facts.push_back({"Inputs", "fingerprint " + meta.input_fingerprint + " over " +
                                   std::to_string(meta.inputs.size()) +
                                   " inputs (h5dump -a /meta/inputs lists them)"});
  std::string out = table(facts);

  out += "\nSeries (replication 0, total over all cells: first -> last time point)\n";
  std::vector<std::vector<std::string>> rows{{"series", "kind", "unit", "dims", "first -> last"}};
  for (size_t s = 0; s < results.series.size(); ++s) {
    const SeriesDecl& decl = results.series[s];
    rows.push_back({decl.name, decl.kind == SeriesKind::kStock ? "stock" : "flow", decl.unit,
                    dims_text(results, decl), totals_text(results, s)});
  }
  return out + table(rows);
}

}  // namespace civicsim

// Reading, summarising and applying home sensor readings (damp_readings.hpp).
#include "engine/population/damp_readings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/random.hpp"
#include "engine/population/synthesis.hpp"

namespace civicsim {
namespace {

std::string quoted(const std::string& s) { return s.empty() ? "an empty cell" : "'" + s + "'"; }

// The columns a file uses: one key form and one value form, each stated once.
struct Columns {
  size_t key = 0;                // household_id or lsoa11_code
  std::optional<size_t> sensor;  // sensor_id (per neighbourhood)
  size_t date = 0;
  size_t value = 0;  // relative_humidity_pct or damp_flag
  bool humidity = true;
};

// Exactly one of `a` and `b` present: its index (and whether it is `a`), or a diagnostic.
std::optional<std::pair<size_t, bool>> one_of(const CsvTable& t, const char* a, const char* b,
                                              DiagnosticList& errors) {
  const auto ca = t.find_column(a), cb = t.find_column(b);
  if (ca.has_value() != cb.has_value()) return ca ? std::pair{*ca, true} : std::pair{*cb, false};
  errors.add(t.file(), "line 1", std::string("exactly one of the columns ") + a + " and " + b,
             ca ? "both" : "neither");
  return std::nullopt;
}

std::optional<Columns> columns(const CsvTable& t, DiagnosticList& errors) {
  const size_t before = errors.size();
  const auto key = one_of(t, "household_id", "lsoa11_code", errors);
  const auto value = one_of(t, "relative_humidity_pct", "damp_flag", errors);
  const auto date = t.require_column("date", errors);
  std::optional<size_t> sensor;
  if (key && !key->second) sensor = t.require_column("sensor_id", errors);
  if (errors.size() != before) return std::nullopt;
  return Columns{key->first, sensor, *date, value->first, value->second};
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A date YYYY-MM-DD (a time of day after it ignored): its month.
std::optional<YearMonth> reading_month(const CsvTable& t, size_t r, size_t c,
                                       DiagnosticList& errors) {
  const std::string& v = t.cell(r, c);
  const bool shaped = v.size() >= 10 && v[7] == '-' && digits(std::string_view(v).substr(8, 2)) &&
                      (v.size() == 10 || v[10] == 'T' || v[10] == ' ');
  const auto month = shaped ? YearMonth::parse(std::string_view(v).substr(0, 7)) : std::nullopt;
  const int day = shaped ? std::stoi(v.substr(8, 2)) : 0;
  if (!month || day < 1 || day > 31) {
    errors.add(t.file(), t.where(r, c), "a date YYYY-MM-DD", quoted(v));
    return std::nullopt;
  }
  return month;
}

// Whether one reading counts as damp; nullopt (and a diagnostic) if the cell is bad.
std::optional<bool> reading_is_damp(const CsvTable& t, size_t r, const Columns& c, double threshold,
                                    DiagnosticList& errors) {
  const std::string& v = t.cell(r, c.value);
  if (!c.humidity) {
    if (v == "0" || v == "1") return v == "1";
    errors.add(t.file(), t.where(r, c.value), "0 or 1", quoted(v));
    return std::nullopt;
  }
  const size_t before = errors.size();
  const double rh = t.number(r, c.value, errors);
  if (errors.size() != before) return std::nullopt;
  if (!(rh >= 0 && rh <= 100)) {
    errors.add(t.file(), t.where(r, c.value), "a relative humidity from 0 to 100 (percent)",
               quoted(v));
    return std::nullopt;
  }
  return rh >= threshold;
}

// A non-empty id cell, or a diagnostic.
bool id_cell(const CsvTable& t, size_t r, size_t c, DiagnosticList& errors) {
  if (!t.cell(r, c).empty()) return true;
  errors.add(t.file(), t.where(r, c), "a non-empty " + t.header()[c], "an empty cell");
  return false;
}

// Readings counted per home: how many, how many damp, first line.
struct Tally {
  uint32_t readings = 0, damp = 0;
  size_t line = 0;
  std::string area;  // per neighbourhood: the sensor's LSOA
};

// Damp probability by tenure in an LSOA whose share of damp homes is `share`, given its
// households by tenure `n`: the odds of the EHS tenure rate times one factor, found by bisection
// (in log odds) so that the LSOA's expected share equals `share`. The tenure gradient is kept as an
// odds ratio, and share 0 or 1 gives no damp home or every home damp.
std::array<double, kTenureCount> tenure_probabilities(double share,
                                                      const std::array<double, kTenureCount>& n) {
  std::array<double, kTenureCount> p{};
  if (share <= 0.0 || share >= 1.0) {
    p.fill(share <= 0.0 ? 0.0 : 1.0);
    return p;
  }
  const double total = n[0] + n[1] + n[2];
  const auto at = [&](double log_factor) {
    for (int t = 0; t < kTenureCount; ++t) {
      const double odds = kDampByTenure[t] / (1.0 - kDampByTenure[t]) * std::exp(log_factor);
      p[t] = odds / (1.0 + odds);
    }
    return (n[0] * p[0] + n[1] * p[1] + n[2] * p[2]) / total;
  };
  double lo = -60.0, hi = 60.0;
  for (int k = 0; k < 200 && hi - lo > 1e-12; ++k) {
    const double mid = 0.5 * (lo + hi);
    (at(mid) < share ? lo : hi) = mid;
  }
  at(0.5 * (lo + hi));
  return p;
}

}  // namespace

DampReadings read_damp_readings(const DampReadingsSettings& settings) {
  const CsvTable t = CsvTable::read(settings.file);
  DiagnosticList errors;
  const auto c = columns(t, errors);
  errors.throw_if_any();
  DampReadings out;
  out.file = t.file();
  out.per_home = !c->sensor.has_value();
  // Homes keyed by household_id, or by (lsoa11_code, sensor_id): a sensor moved to another LSOA
  // is another home.
  std::unordered_map<std::string, uint32_t> index;
  std::vector<std::string> keys;
  std::vector<Tally> tally;
  for (size_t r = 0; r < t.rows(); ++r) {
    bool ok = id_cell(t, r, c->key, errors);
    if (c->sensor) ok = id_cell(t, r, *c->sensor, errors) && ok;
    const auto month = reading_month(t, r, c->date, errors);
    const auto damp = reading_is_damp(t, r, *c, settings.threshold_rh_pct, errors);
    if (!ok || !month || !damp) continue;
    if ((settings.from && *month < *settings.from) || (settings.to && *settings.to < *month))
      continue;
    const std::string& key = t.cell(r, c->key);
    const std::string home = c->sensor ? key + '\n' + t.cell(r, *c->sensor) : key;
    const auto [it, fresh] = index.emplace(home, static_cast<uint32_t>(tally.size()));
    if (fresh) {
      tally.push_back({0, 0, t.line_of(r), c->sensor ? key : std::string()});
      keys.push_back(key);
    }
    Tally& h = tally[it->second];
    ++h.readings;
    h.damp += *damp ? 1 : 0;
  }
  if (errors.empty() && tally.empty())
    errors.add(t.file(), "line 2 onwards",
               "at least one reading" + std::string(settings.from || settings.to
                                                        ? " dated within population.damp_readings"
                                                          " from and to"
                                                        : ""),
               "none");
  errors.throw_if_any();
  // A home is damp when damp readings / readings >= min share (compared in integers' doubles:
  // counts are far below 2^53, so the product is exact).
  const auto damp_home = [&](const Tally& h) {
    return static_cast<double>(h.damp) >= settings.min_share_of_readings * h.readings;
  };
  if (out.per_home) {
    for (size_t k = 0; k < tally.size(); ++k)
      out.homes.push_back({keys[k], damp_home(tally[k]), tally[k].line});
    return out;
  }
  std::unordered_map<std::string, size_t> area_row;
  for (const Tally& h : tally) {
    const auto [it, fresh] = area_row.emplace(h.area, out.areas.size());
    if (fresh) out.areas.push_back({h.area, 0, 0, h.line});
    AreaDampReading& a = out.areas[it->second];
    ++a.sensors;
    a.damp_sensors += damp_home(h) ? 1 : 0;
    a.line = std::min(a.line, h.line);
  }
  return out;
}

void apply_area_damp_readings(const DampReadings& readings, uint64_t seed, Population& pop) {
  std::unordered_map<std::string, size_t> code_row;
  for (size_t a = 0; a < pop.areas.size(); ++a) code_row.emplace(pop.areas.code[a], a);
  DiagnosticList errors;
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> reading_of(pop.areas.size(), kNone);
  for (size_t k = 0; k < readings.areas.size(); ++k) {
    const auto it = code_row.find(readings.areas[k].lsoa11_code);
    if (it == code_row.end()) {
      errors.add(
          readings.file, "line " + std::to_string(readings.areas[k].line) + ", column lsoa11_code",
          "an LSOA 2011 code of the population's areas", quoted(readings.areas[k].lsoa11_code));
      continue;
    }
    reading_of[it->second] = k;
  }
  errors.throw_if_any();
  Households& h = pop.households;
  std::vector<std::array<double, kTenureCount>> n(pop.areas.size(), {0.0, 0.0, 0.0});
  for (size_t i = 0; i < h.size(); ++i) n[h.area[i]][h.tenure[i]] += 1;
  std::vector<std::array<uint32_t, kTenureCount>> threshold(pop.areas.size());
  for (size_t a = 0; a < pop.areas.size(); ++a)
    if (reading_of[a] != kNone) {
      const auto p = tenure_probabilities(readings.areas[reading_of[a]].share(), n[a]);
      for (int t = 0; t < kTenureCount; ++t) threshold[a][t] = probability_threshold(p[t]);
    }
  const RandomKey key = RandomKey::make(seed, 0);
  const uint32_t stream = stream_id("population.damp_readings");
  for (size_t i = 0; i < h.size(); ++i) {
    const size_t a = h.area[i];
    if (reading_of[a] == kNone) continue;
    const uint32_t word = philox_block(key, h.uid[i], 0, stream, 0)[0];
    const bool damp = word < threshold[a][h.tenure[i]];
    h.condition[i] =
        static_cast<uint8_t>((h.condition[i] & ~condition::kDamp) | (damp ? condition::kDamp : 0));
  }
}

}  // namespace civicsim

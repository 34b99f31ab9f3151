#include "outputs/evaluation/disclosure.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace civicsim::evaluation {
namespace {

using nlohmann::json;
using Rows = std::vector<json*>;

// ---- reading and hiding figures ----

// A number, or the mean of an interval {"mean", "low", "high"}; none when null.
std::optional<double> value_of(const json& row, const char* key) {
  if (!row.is_object() || !row.contains(key)) return std::nullopt;
  const json& v = row.at(key);
  if (v.is_number()) return v.get<double>();
  if (v.is_object() && v.contains("mean") && v.at("mean").is_number())
    return v.at("mean").get<double>();
  return std::nullopt;
}

bool small(std::optional<double> v, int threshold) { return v && is_small_count(*v, threshold); }

// Nulls every number below v, and every mean/low/high (a payback year's mean is text).
void hide(json& v) {
  if (v.is_number()) {
    v = nullptr;
  } else if (v.is_array()) {
    for (json& x : v) hide(x);
  } else if (v.is_object()) {
    for (auto& [key, x] : v.items()) {
      if (key == "mean" || key == "low" || key == "high")
        x = nullptr;
      else
        hide(x);
    }
  }
}

bool suppressed(const json& row) {
  return row.is_object() && row.contains("suppressed") && row.at("suppressed") == true;
}

// Hides the named members of a row (those it has) and marks it; true if anything changed.
bool hide_fields(json& row, std::initializer_list<const char*> fields) {
  const json before = row;
  for (const char* f : fields)
    if (row.contains(f)) hide(row[f]);
  row["suppressed"] = true;
  return row != before;
}

// Hides every member of a row but the named ones (labels, years, settings) and marks it.
bool hide_all_but(json& row, std::initializer_list<const char*> keep) {
  const json before = row;
  for (auto& [key, x] : row.items())
    if (std::find_if(keep.begin(), keep.end(), [&](const char* k) { return key == k; }) ==
        keep.end())
      hide(x);
  row["suppressed"] = true;
  return row != before;
}

Rows rows_of(json& object, const char* key) {
  Rows out;
  if (object.is_object() && object.contains(key) && object.at(key).is_array())
    for (json& row : object.at(key)) out.push_back(&row);
  return out;
}

std::string text(const json& row, const char* key) {
  return row.contains(key) && row.at(key).is_string() ? row.at(key).get<std::string>() : "";
}

// ---- count rows (outcomes, outcomes_by_group): a baseline and a difference ----

bool baseline_hidden(const json& row) {
  return row.contains("baseline") && row.at("baseline").is_null();
}
bool difference_hidden(const json& row) { return !value_of(row, "mean"); }
bool count_hidden(const json& row) { return baseline_hidden(row) || difference_hidden(row); }

bool hide_count_row(json& row) {
  return hide_fields(row, {"mean", "low", "high", "baseline", "option"});
}

// A visible count below the threshold: the baseline, the option's total or the difference.
bool has_small_count(const json& row, int threshold) {
  const auto base = value_of(row, "baseline"), diff = value_of(row, "mean");
  return small(base, threshold) || small(diff, threshold) ||
         (base && diff && small(*base + *diff, threshold));
}

// ---- lines: figures that add up to a total that is shown or can be worked out ----

// Figures hidden that were shown and not small when they were hidden: a reader cannot take them for
// a zero. A hidden member that is small may well be zero, and a zero is often plain to a reader
// (an option that never reaches a council changes nothing there), so it hides nothing.
using Cover = std::set<std::pair<const json*, std::string>>;

void note_cover(Cover& cover, const json& row, int threshold) {
  for (const char* f : {"baseline", "mean", "units"})
    if (const auto v = value_of(row, f); v && std::abs(*v) >= threshold) cover.insert({&row, f});
}

// On an additive line (its parts, and its total when that is a row of the document) the hidden
// members' sum is the total minus the shown parts. So when a member of `field` is hidden, at least
// two are, one of them cover: else hide the smallest shown part that is not zero (or, with none and
// one hidden, the total; another dimension's parts would rebuild it, and its own lines are then
// completed in turn). True if it hid one.
bool complete_line(const Rows& parts, json* total, const char* field, Cover& cover, int threshold,
                   const std::function<bool(json&)>& hide_row) {
  const auto hidden = [&](const json& r) { return r.contains(field) && !value_of(r, field); };
  int count = 0;
  bool covered = false;
  const auto visit = [&](const json& r) {
    if (!hidden(r)) return;
    ++count;
    covered = covered || cover.count({&r, field}) > 0;
  };
  if (total) visit(*total);
  for (const json* p : parts) visit(*p);
  if (count == 0 || (count >= 2 && covered)) return false;
  json* pick = nullptr;
  for (json* p : parts) {
    const auto v = value_of(*p, field);
    if (v && *v != 0.0 && (!pick || std::abs(*v) < std::abs(*value_of(*pick, field)))) pick = p;
  }
  // With nothing shown to hide, several hidden members are left as they are: each non-zero one is
  // small, and a reader has only their sum. One alone is the total minus zeros: the total goes.
  if (!pick && total && !hidden(*total) && count == 1) pick = total;
  if (!pick) return false;
  note_cover(cover, *pick, threshold);
  return hide_row(*pick);
}

struct GroupKey {
  std::string dimension, group;
  auto operator<=>(const GroupKey&) const = default;
};
GroupKey group_of(const json& row) { return {text(row, "dimension"), text(row, "group")}; }

// "asthma.years_in.controlled" -> "asthma": states of one process partition its population.
std::optional<std::string> occupancy_process(const std::string& outcome) {
  const auto at = outcome.find(".years_in.");
  if (at == std::string::npos) return std::nullopt;
  return outcome.substr(0, at);
}

// Secondary suppression of the count rows of one option; true if anything was hidden.
bool complete_count_lines(json& option, Cover& cover, int threshold) {
  bool changed = false;
  std::map<std::string, json*> everyone;
  for (json* row : rows_of(option, "outcomes")) everyone[text(*row, "outcome")] = row;
  // Outcome x dimension: the groups add up to everyone's total (baseline and difference alike).
  std::map<std::pair<std::string, std::string>, Rows> by_dimension;
  // Process x group: its states add up to the population in the group, known from any other
  // process.
  std::map<std::pair<std::string, GroupKey>, Rows> by_state;
  for (json* row : rows_of(option, "outcomes_by_group")) {
    const std::string outcome = text(*row, "outcome");
    by_dimension[{outcome, text(*row, "dimension")}].push_back(row);
    if (const auto p = occupancy_process(outcome)) by_state[{*p, group_of(*row)}].push_back(row);
  }
  for (json* row : rows_of(option, "outcomes"))
    if (const auto p = occupancy_process(text(*row, "outcome")))
      by_state[{*p, {"all", "all"}}].push_back(row);
  for (const char* field : {"baseline", "mean"}) {
    for (auto& [key, parts] : by_dimension) {
      const auto e = everyone.find(key.first);
      changed |= complete_line(parts, e == everyone.end() ? nullptr : e->second, field, cover,
                               threshold, hide_count_row);
    }
    for (auto& [key, parts] : by_state)
      changed |= complete_line(parts, nullptr, field, cover, threshold, hide_count_row);
  }
  return changed;
}

// ---- reach rows: units per intervention, for everyone and by council ----

bool units_hidden(const json& row) { return suppressed(row) && !value_of(row, "units"); }
bool hide_units(json& row) {
  return hide_fields(row, {"units", "cost", "cost_per_unit", "break_even_price"});
}
bool hide_reach_money(json& row) {
  return hide_fields(row, {"cost", "cost_per_unit", "break_even_price"});
}
bool is_everyone(const json& row) {
  return !row.contains("dimension") || text(row, "dimension") == "all";
}

bool complete_reach_lines(json& option, Cover& cover, int threshold) {
  bool changed = false;
  std::map<std::pair<std::string, std::string>, Rows> lines;  // intervention x dimension
  std::map<std::string, json*> totals;
  for (json* row : rows_of(option, "reach")) {
    if (is_everyone(*row))
      totals[text(*row, "intervention")] = row;
    else
      lines[{text(*row, "intervention"), text(*row, "dimension")}].push_back(row);
  }
  for (auto& [key, parts] : lines) {
    const auto t = totals.find(key.first);
    changed |= complete_line(parts, t == totals.end() ? nullptr : t->second, "units", cover,
                             threshold, hide_units);
  }
  return changed;
}

// ---- one option ----

// Primary suppression of every visible small count of the option (the evaluation has done most).
void hide_small_counts(json& option, Cover& cover, int threshold) {
  for (const char* member : {"outcomes", "outcomes_by_group"})
    for (json* row : rows_of(option, member))
      if (has_small_count(*row, threshold)) {
        note_cover(cover, *row, threshold);  // a baseline of 12 with 10 fewer: both parts are cover
        hide_count_row(*row);
      }
  for (json* row : rows_of(option, "reach"))
    if (small(value_of(*row, "units"), threshold) || (suppressed(*row) && !value_of(*row, "units")))
      hide_units(*row);
  for (json* point : rows_of(option, "over_time"))
    if (small(value_of(*point, "mean"), threshold)) hide_fields(*point, {"mean", "low", "high"});
}

// The dearest cost per unit reached for everyone (with optimism bias), or 0 when none is shown.
double dearest_unit_cost(json& option) {
  double dearest = 0.0;
  for (json* row : rows_of(option, "reach"))
    if (is_everyone(*row))
      dearest = std::max(dearest, std::abs(value_of(*row, "cost_per_unit").value_or(0.0)));
  return dearest;
}

// A group's intervention cost under `threshold` units at the dearest unit cost may be fewer than
// `threshold` units, though no count of them is shown for the group (no reach by IMD quintile).
bool small_intervention_cost(const json& equity_row, int threshold, double dearest) {
  for (const char* m : {"pv_intervention_cost", "intervention_cost"})
    if (const auto v = value_of(equity_row, m))
      return *v != 0.0 && std::abs(*v) < threshold * dearest;
  return false;
}

// The groups of each dimension whose money cannot be shown: a hidden count (its money divided by a
// unit price gives it back), or an intervention cost that may be few units; then, where only one of
// them has money, the smallest other group with money (the total minus the rest). Sets
// *everyone_too when there is none: everyone's money is then that group's.
std::map<std::string, std::set<std::string>> money_hidden_groups(json& option, bool everyone_hidden,
                                                                 int threshold,
                                                                 bool* everyone_too) {
  std::map<std::string, std::set<std::string>> hidden;
  // Every group of each dimension, in order.
  std::map<std::string, std::vector<std::string>> groups;
  const auto note = [&](const json& row) {
    const GroupKey g = group_of(row);
    if (g.dimension.empty() || g.dimension == "all") return;
    auto& all = groups[g.dimension];
    if (std::find(all.begin(), all.end(), g.group) == all.end()) all.push_back(g.group);
  };
  for (json* row : rows_of(option, "outcomes_by_group")) {
    note(*row);
    if (count_hidden(*row)) hidden[text(*row, "dimension")].insert(text(*row, "group"));
  }
  for (json* row : rows_of(option, "reach")) {
    if (is_everyone(*row)) continue;
    note(*row);
    if (units_hidden(*row)) hidden[text(*row, "dimension")].insert(text(*row, "group"));
  }
  const double dearest = dearest_unit_cost(option);
  for (json* row : rows_of(option, "equity")) {
    note(*row);
    if (small_intervention_cost(*row, threshold, dearest))
      hidden[text(*row, "dimension")].insert(text(*row, "group"));
  }
  // The size of a group's money: all its figures together (zero: it had none).
  std::map<GroupKey, double> size;
  for (json* row : rows_of(option, "equity")) {
    double total = 0.0;
    for (const auto& [metric, v] : row->items())
      if (v.is_object()) total += std::abs(value_of(*row, metric.c_str()).value_or(0.0));
    size[group_of(*row)] = total;
  }
  for (const auto& [dimension, all] : groups) {
    std::set<std::string>& h = hidden[dimension];
    // Everyone's reach is small: so is every group's, though no count of quintiles is shown.
    if (everyone_hidden) h.insert(all.begin(), all.end());
    // The hidden groups' money together is everyone's minus the rest, and a reader can tell which
    // had none (the option did not reach them): one group with money hidden needs another.
    int with_money = 0;
    for (const std::string& g : h) with_money += size[{dimension, g}] > 0.0 ? 1 : 0;
    if (with_money != 1) continue;
    std::optional<std::string> smallest;
    for (const std::string& g : all)
      if (!h.count(g) && size[{dimension, g}] > 0.0 &&
          (!smallest || size[{dimension, g}] < size[{dimension, *smallest}]))
        smallest = g;
    if (smallest)
      h.insert(*smallest);
    else
      *everyone_too = true;  // it is everyone's money less zeros: that goes
  }
  return hidden;
}

void hide_group_money(json& option, const std::map<std::string, std::set<std::string>>& hidden) {
  const auto is_hidden = [&](const json& row) {
    const auto d = hidden.find(text(row, "dimension"));
    return d != hidden.end() && d->second.count(text(row, "group")) > 0;
  };
  for (json* row : rows_of(option, "equity"))
    if (is_hidden(*row)) hide_all_but(*row, {"dimension", "group", "label"});
  for (json* row : rows_of(option, "reach"))
    if (!is_everyone(*row) && is_hidden(*row)) hide_reach_money(*row);
}

// Over time: the points of a difference add up to its total (a flow's sum, a stock's person-years).
void complete_time_lines(json& option, Cover& cover, int threshold) {
  std::map<std::string, json*> everyone;
  for (json* row : rows_of(option, "outcomes")) everyone[text(*row, "outcome")] = row;
  std::map<std::string, Rows> lines;
  for (json* point : rows_of(option, "over_time")) lines[text(*point, "outcome")].push_back(point);
  const auto hide_point = [](json& p) { return hide_fields(p, {"mean", "low", "high"}); };
  for (auto& [outcome, points] : lines) {
    const auto e = everyone.find(outcome);
    json* total = e == everyone.end() ? nullptr : e->second;
    while (complete_line(points, total, "mean", cover, threshold, hide_point)) {
    }
    if (total && difference_hidden(*total))
      for (json* p : points) hide_point(*p);  // their sum would be the hidden total
  }
}

// Cost per outcome avoided: the net cost divided by a count; hidden with the count.
void hide_cost_per_outcome(json& option, int threshold) {
  std::map<std::string, const json*> everyone;
  for (json* row : rows_of(option, "outcomes")) everyone[text(*row, "outcome")] = row;
  for (json* row : rows_of(option, "cost_per_outcome")) {
    const auto e = everyone.find(text(*row, "outcome"));
    const bool count_gone = e != everyone.end() && difference_hidden(*e->second);
    if (count_gone || small(value_of(*row, "avoided"), threshold) ||
        (suppressed(*row) && !value_of(*row, "avoided")))
      hide_fields(*row, {"avoided", "net_cost_per_avoided"});
  }
}

// A by_year row's year: "2026-27" (a number in documents before financial years).
std::string year_of(const json& row) {
  if (!row.contains("year")) return "";
  return row.at("year").is_string() ? row.at("year").get<std::string>() : row.at("year").dump();
}

// The per-unit part of each year's intervention cost (all payers): intervention_cost less the
// programme (fixed) costs, which a reader who knows them could subtract.
std::map<std::string, double> intervention_cost_by_year(json& option) {
  std::map<std::string, double> out;
  for (json* row : rows_of(option, "by_year"))
    out[year_of(*row)] += value_of(*row, "intervention_cost").value_or(0.0) -
                          value_of(*row, "programme_cost").value_or(0.0);
  return out;
}

// A year whose intervention cost is under `threshold` units at the dearest unit cost may be fewer
// than `threshold` units (its cost / the unit cost): hidden, with a second year so that the
// period's total minus the rest does not give it back. Returns false when that cannot be done (one
// year only): then everyone's money goes.
bool hide_small_years(json& option, int threshold) {
  const double dearest = dearest_unit_cost(option);
  if (dearest == 0.0) return true;  // no unit cost shown to divide by
  const std::map<std::string, double> cost = intervention_cost_by_year(option);
  std::set<std::string> hidden;
  for (const auto& [year, c] : cost)
    if (c != 0.0 && std::abs(c) < threshold * dearest) hidden.insert(year);
  if (hidden.empty()) return true;
  if (hidden.size() == 1) {
    std::optional<std::string> second;
    for (const auto& [year, c] : cost)
      if (!hidden.count(year) && c != 0.0 && (!second || std::abs(c) < std::abs(cost.at(*second))))
        second = year;
    if (!second) return false;
    hidden.insert(*second);
  }
  for (json* row : rows_of(option, "by_year"))
    if (hidden.count(year_of(*row))) hide_fields(*row, {"intervention_cost", "cost"});
  // Cumulative net values by year differ by each year's net value, costs included.
  for (json* row : rows_of(option, "payback")) hide_all_but(*row, {"year", "label"});
  return true;
}

// Everything the option's money shows for everyone: each is built on its intervention costs.
void hide_everyone_money(json& option) {
  if (option.contains("headline") && option["headline"].is_object()) {
    json& h = option["headline"];
    for (auto& [metric, v] : h.items())
      if (metric != "icer_status" && metric != "suppressed") hide(v);
    h["suppressed"] = true;
  }
  for (json* row : rows_of(option, "accounting")) hide_fields(*row, {"pv"});
  for (json* row : rows_of(option, "by_year"))
    hide_all_but(*row, {"year", "payer", "sector", "label"});
  for (json* row : rows_of(option, "payback")) hide_all_but(*row, {"year", "label"});
  for (json* row : rows_of(option, "ce_draws")) hide_fields(*row, {"d_cost", "d_qaly"});
  for (json* row : rows_of(option, "one_way")) hide_fields(*row, {"metrics"});
  for (json* row : rows_of(option, "reach"))
    if (is_everyone(*row)) hide_reach_money(*row);
  for (json* row : rows_of(option, "cost_per_outcome")) hide_fields(*row, {"net_cost_per_avoided"});
  if (option.contains("mc_error") && option["mc_error"].is_object()) {
    json& e = option["mc_error"];
    hide(e);
    if (e.contains("text"))
      e["text"] =
          "Not shown: the option's money is suppressed (disclosure control), so its Monte "
          "Carlo error is too.";
    e["suppressed"] = true;
  }
}

// The same baseline count is shown in every option's rows: hidden in one, hidden in all (else
// another option's shown baseline would be the part a secondary suppression hid).
bool share_hidden_baselines(json& options, Cover& cover, int threshold) {
  std::set<std::pair<std::string, GroupKey>> hidden;
  const auto key = [](const json& row) {
    return std::pair{text(row, "outcome"),
                     row.contains("dimension") ? group_of(row) : GroupKey{"all", "all"}};
  };
  for (json& o : options)
    for (const char* member : {"outcomes", "outcomes_by_group"})
      for (json* row : rows_of(o, member))
        if (baseline_hidden(*row)) hidden.insert(key(*row));
  bool changed = false;
  for (json& o : options)
    for (const char* member : {"outcomes", "outcomes_by_group"})
      for (json* row : rows_of(o, member))
        if (!baseline_hidden(*row) && hidden.count(key(*row))) {
          note_cover(cover, *row, threshold);
          changed |= hide_count_row(*row);
        }
  return changed;
}

// The threshold in the document's units. A sampled run's counts are scaled up by 1 / fraction
// (settings.sampling), so a count c stands for c x fraction records: small below threshold /
// fraction.
int threshold_in_document(const json& document, int threshold) {
  const json::json_pointer at("/settings/sampling/fraction");
  if (!document.contains(at) || !document.at(at).is_number()) return threshold;
  const double fraction = document.at(at).get<double>();
  if (!(fraction > 0.0 && fraction < 1.0)) return threshold;
  return static_cast<int>(std::ceil(threshold / fraction));
}

// ---- each arm's own results: arms, incremental and trace (members of the document) ----

// A trace cell is (arm, process, state, time point); its count and share (count / the process's
// population) go together.
bool trace_hidden(const json& row) { return row.contains("count") && !value_of(row, "count"); }

struct TraceIndex {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, json*> by_date;
  std::map<std::tuple<std::string, std::string, std::string>, Rows> series;  // arm, process, state
  std::map<std::tuple<std::string, std::string, long long>, Rows> at_point;  // arm, process, cycle
  std::map<std::tuple<std::string, std::string, long long>, Rows>
      same_cell;  // process, state, cycle
};

TraceIndex index_trace(json& document) {
  TraceIndex ix;
  for (json* row : rows_of(document, "trace")) {
    const std::string arm = text(*row, "arm"), process = text(*row, "process"),
                      state = text(*row, "state");
    const long long cycle = std::llround(value_of(*row, "cycle").value_or(-1.0));
    ix.by_date[{arm, process, state, text(*row, "date")}] = row;
    ix.series[{arm, process, state}].push_back(row);
    ix.at_point[{arm, process, cycle}].push_back(row);
    ix.same_cell[{process, state, cycle}].push_back(row);
  }
  return ix;
}

// Hides a trace cell; one that was not small is cover (a reader cannot take it for a zero).
bool hide_trace_cell(json& row, Cover& cover, int threshold) {
  if (const auto v = value_of(row, "count"); v && std::abs(*v) >= threshold)
    cover.insert({&row, "count"});
  return hide_fields(row, {"count", "share"});
}

// "asthma.years_in.controlled" -> {"asthma", "controlled"}.
std::optional<std::pair<std::string, std::string>> occupancy_state(const std::string& outcome) {
  const auto p = occupancy_process(outcome);
  if (!p) return std::nullopt;
  return std::pair{*p, outcome.substr(p->size() + 10)};
}

// The trace: small counts hidden (returns the arms that had one); a state's series hidden where
// the options' person-years in it are (their sum over time is that total), and a point where its
// difference over time is; then, until nothing changes: a cell hidden in one arm hidden in every
// arm (else another arm and the difference give it back), and every line that adds up (the states
// of a process at a time point: its population; a state's points over time: its person-years)
// given a second hidden member with cover.
std::set<std::string> control_trace(json& document, Cover& cover, int threshold) {
  TraceIndex ix = index_trace(document);
  std::set<std::string> small_arms;
  for (json* row : rows_of(document, "trace"))
    if (small(value_of(*row, "count"), threshold)) {
      small_arms.insert(text(*row, "arm"));
      hide_fields(*row, {"count", "share"});
    }
  const std::string baseline = text(document.value("baseline", json::object()), "name");
  const auto hide_series = [&](const std::string& arm,
                               const std::pair<std::string, std::string>& ps) {
    const auto it = ix.series.find({arm, ps.first, ps.second});
    if (it != ix.series.end())
      for (json* row : it->second) hide_trace_cell(*row, cover, threshold);
  };
  for (json* option : rows_of(document, "options")) {
    const std::string arm = text(*option, "name");
    for (json* row : rows_of(*option, "outcomes")) {
      const auto ps = occupancy_state(text(*row, "outcome"));
      if (!ps) continue;
      if (baseline_hidden(*row)) {
        hide_series(baseline, *ps);
        hide_series(arm, *ps);
      }
      if (difference_hidden(*row)) hide_series(arm, *ps);
    }
    for (json* point : rows_of(*option, "over_time")) {
      const auto ps = occupancy_state(text(*point, "outcome"));
      if (!ps || value_of(*point, "mean")) continue;
      const auto it = ix.by_date.find({arm, ps->first, ps->second, text(*point, "date")});
      if (it != ix.by_date.end()) hide_trace_cell(*it->second, cover, threshold);
    }
  }
  const auto hide_row = [&](json& row) { return hide_trace_cell(row, cover, threshold); };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [key, cells] : ix.same_cell) {
      const bool any =
          std::any_of(cells.begin(), cells.end(), [](const json* r) { return trace_hidden(*r); });
      if (any)
        for (json* r : cells)
          if (!trace_hidden(*r)) changed |= hide_row(*r);
    }
    for (auto& [key, parts] : ix.at_point)
      changed |= complete_line(parts, nullptr, "count", cover, threshold, hide_row);
    for (auto& [key, parts] : ix.series)
      changed |= complete_line(parts, nullptr, "count", cover, threshold, hide_row);
  }
  return small_arms;
}

// An arm's costs, QALYs and life-years are sums of its counts times unit costs, utilities and
// cycle lengths: they go with a small count of the arm (an option's money already gone, a small
// count in the baseline's outcomes, a small trace cell). The incremental table then loses the
// hidden arms' figures and every difference and ICER (each is two arms' difference).
void control_arms(json& document, const std::set<std::string>& hidden_arms) {
  for (json* row : rows_of(document, "arms"))
    if (hidden_arms.count(text(*row, "arm"))) hide_fields(*row, {"per_person", "total"});
  if (hidden_arms.empty()) return;
  for (json* row : rows_of(document, "incremental")) {
    if (hidden_arms.count(text(*row, "arm")))
      hide_fields(*row, {"cost", "qalys", "incremental_cost", "incremental_qalys", "icer"});
    else
      hide_fields(*row, {"incremental_cost", "incremental_qalys", "icer"});
  }
}

}  // namespace

void apply_disclosure_control(json& document, int records_threshold) {
  if (!document.contains("options") || !document["options"].is_array()) return;
  const int threshold = threshold_in_document(document, records_threshold);
  // The rule the report states: what goes with a small count, as well as the count.
  if (document.contains("disclosure") && document["disclosure"].contains("rule") &&
      document["disclosure"]["rule"].is_string()) {
    std::string& rule = document["disclosure"]["rule"].get_ref<std::string&>();
    const std::string more =
        " Every figure from which a suppressed count could be worked out is suppressed with it: a "
        "group's money, QALYs and cost per unit; a total less the other groups or years (another "
        "figure goes too); all of an option's money when it reaches fewer units than that; an "
        "option's own costs, QALYs and life-years when any of its counts is that small.";
    if (rule.find(more) == std::string::npos) rule += more;
  }
  json& options = document["options"];
  Cover cover;
  for (json& o : options) hide_small_counts(o, cover, threshold);
  // Options with a small count for everyone. Savings and QALYs are sums of count x unit cost (or
  // QALY loss) over the outcomes: with the other outcomes shown, a reader who knows the unit figures
  // solves for the hidden one, so such an option's money goes. (Counts hidden later only as cover
  // are not small: money gives back at most their sum with another hidden count.)
  std::set<std::string> small_outcome;
  for (json& o : options)
    for (json* row : rows_of(o, "outcomes"))
      if (suppressed(*row)) small_outcome.insert(text(o, "name"));
  // Secondary suppression of counts, until every line with a hidden member has cover, in every
  // option.
  for (bool changed = true; changed;) {
    changed = share_hidden_baselines(options, cover, threshold);
    for (json& o : options) {
      changed |= complete_count_lines(o, cover, threshold);
      changed |= complete_reach_lines(o, cover, threshold);
    }
  }
  std::set<std::string> money_hidden;  // options whose money for everyone is not shown
  for (json& o : options) {
    complete_time_lines(o, cover, threshold);
    hide_cost_per_outcome(o, threshold);
    bool everyone_hidden = false;
    for (json* row : rows_of(o, "reach"))
      if (is_everyone(*row) && units_hidden(*row)) everyone_hidden = true;
    if (small_outcome.count(text(o, "name"))) everyone_hidden = true;
    if (!everyone_hidden && !hide_small_years(o, threshold)) everyone_hidden = true;
    bool everyone_too = false;
    hide_group_money(o, money_hidden_groups(o, everyone_hidden, threshold, &everyone_too));
    everyone_hidden = everyone_hidden || everyone_too;
    if (everyone_hidden) {
      hide_everyone_money(o);
      money_hidden.insert(text(o, "name"));
    }
  }
  // Each arm's own results: the baseline's money holds its counts, small ones included.
  std::set<std::string> hidden_arms = control_trace(document, cover, threshold);
  hidden_arms.insert(money_hidden.begin(), money_hidden.end());
  if (!small_outcome.empty() && document.contains("baseline"))
    hidden_arms.insert(text(document["baseline"], "name"));
  control_arms(document, hidden_arms);
  if (money_hidden.empty()) return;
  // An ICER along the frontier is the difference of two options' costs; the acceptability curves
  // step where an option's NMB crosses another's: both give a hidden option's cost back.
  for (json* row : rows_of(document, "frontier")) {
    if (money_hidden.count(text(*row, "option")))
      hide_fields(*row, {"cost", "qalys", "icer"});
    else
      hide_fields(*row, {"icer"});
  }
  for (json* row : rows_of(document, "ceac")) hide_fields(*row, {"p"});
}

}  // namespace civicsim::evaluation

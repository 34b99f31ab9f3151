#include "outputs/evaluation/evaluation_tables.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "engine/core/csv_table.hpp"
#include "engine/core/output_target.hpp"
#include "outputs/atomic_text.hpp"
#include "outputs/hdf5_support.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

json value_or_null(const json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j.at(key) : json(nullptr);
}

// Rows of "mean, low, high" for every metric of an interval object map.
void add_intervals(Table& t, const std::vector<json>& prefix, const json& metrics) {
  for (const auto& [metric, v] : metrics.items()) {
    if (!v.is_object() || !v.contains("mean")) continue;
    std::vector<json> row = prefix;
    row.push_back(metric);
    row.push_back(value_or_null(v, "mean"));
    row.push_back(value_or_null(v, "low"));
    row.push_back(value_or_null(v, "high"));
    t.rows.push_back(std::move(row));
  }
}

bool numeric_column(const Table& t, size_t c) {
  for (const auto& row : t.rows)
    if (!row[c].is_number() && !row[c].is_null()) return false;
  return true;
}

std::string csv_cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_escape(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
  return buf;
}

}  // namespace

std::vector<Table> evaluation_tables(const json& doc) {
  Table headline{"headline", {"option", "metric", "mean", "low", "high"}, {}};
  Table status{"icer_status", {"option", "status"}, {}};
  Table by_year{"by_year",
                {"option", "year", "payer", "sector", "cost", "benefit_cashable",
                 "benefit_non_cashable", "intervention_cost", "programme_cost", "saving"},
                {}};
  Table accounting{"accounting",
                   {"option", "side", "kind", "item", "payer", "sector", "cashable", "value",
                    "confidence_grade", "optimism_bias", "mean", "low", "high"},
                   {}};
  Table payback{
      "payback", {"option", "year", "cumulative_net_fiscal", "cumulative_net_social"}, {}};
  Table reach{"reach",
              {"option", "intervention", "unit_label", "dimension", "group", "metric", "mean",
               "low", "high", "suppressed"},
              {}};
  Table cost_per_outcome{"cost_per_outcome",
                         {"option", "outcome", "unit", "avoided_mean", "avoided_low",
                          "avoided_high", "net_cost_per_avoided", "suppressed"},
                         {}};
  Table equity{"equity", {"option", "dimension", "group", "metric", "mean", "low", "high"}, {}};
  Table outcomes{
      "outcomes", {"option", "outcome", "unit", "mean", "low", "high", "suppressed"}, {}};
  Table outcomes_by_group{
      "outcomes_by_group",
      {"option", "dimension", "group", "outcome", "unit", "mean", "low", "high", "suppressed"},
      {}};
  Table over_time{"over_time", {"option", "outcome", "date", "mean", "low", "high"}, {}};
  Table one_way{"one_way",
                {"option", "parameter", "label", "value_low", "value_high", "base_value", "metric",
                 "base", "at_low", "at_high"},
                {}};
  Table draws{"ce_draws", {"option", "replication", "d_cost", "d_qaly"}, {}};
  Table frontier{"frontier", {"option", "cost", "qalys", "status", "icer"}, {}};
  Table ceac{"ceac", {"option", "lambda", "p"}, {}};
  Table arms{"arms",
             {"arm", "measure", "discounted", "per_person_mean", "per_person_low",
              "per_person_high", "total_mean", "total_low", "total_high", "persons",
              "state_rewards", "cycle_zero", "discount_time", "cost_rate", "health_rate"},
             {}};
  Table incremental{"incremental",
                    {"arm", "cost", "qalys", "status", "compared_with", "incremental_cost",
                     "incremental_qalys", "icer", "dominated_by"},
                    {}};
  Table trace{"trace", {"arm", "process", "state", "cycle", "date", "count", "share"}, {}};
  for (const json& o : doc.at("options")) {
    const json name = o.at("name");
    add_intervals(headline, {name}, o.at("headline"));
    status.rows.push_back({name, value_or_null(o.at("headline"), "icer_status")});
    // The Monte Carlo error beside the figures it qualifies: of mean NPSV over replications, or
    // with one replication the Poisson approximation of the main counts' differences.
    if (const json mc = o.value("mc_error", json::object()); mc.is_object()) {
      if (mc.contains("npsv_se") && !mc.at("npsv_se").is_null())
        headline.rows.push_back({name, "monte_carlo_se_npsv", mc.at("npsv_se"), nullptr, nullptr});
      for (const json& c : mc.value("counts", json::array()))
        headline.rows.push_back({name, "monte_carlo_se_" + c.at("outcome").get<std::string>(),
                                 value_or_null(c, "se"), nullptr, nullptr});
    }
    for (const json& r : o.at("by_year"))
      by_year.rows.push_back({name, r.at("year"), r.at("payer"), value_or_null(r, "sector"),
                              value_or_null(r, "cost"), value_or_null(r, "benefit_cashable"),
                              value_or_null(r, "benefit_non_cashable"), r.at("intervention_cost"),
                              value_or_null(r, "programme_cost"), r.at("saving")});
    for (const json& r : o.value("accounting", json::array())) {
      const json& pv = r.at("pv");
      const json cashable = r.at("cashable").is_boolean()
                                ? json(r.at("cashable").get<bool>() ? 1 : 0)
                                : json(nullptr);
      accounting.rows.push_back({name, r.at("side"), r.at("kind"), r.at("item"), r.at("payer"),
                                 value_or_null(r, "sector"), cashable, r.at("value"),
                                 r.at("confidence_grade"), r.at("optimism_bias"),
                                 value_or_null(pv, "mean"), value_or_null(pv, "low"),
                                 value_or_null(pv, "high")});
    }
    for (const json& r : o.value("payback", json::array()))
      payback.rows.push_back(
          {name, r.at("year"), r.at("cumulative_net_fiscal"), r.at("cumulative_net_social")});
    for (const json& r : o.value("reach", json::array())) {
      const std::vector<json> prefix = {name, r.at("intervention"), r.at("unit_label"),
                                        r.at("dimension"), r.at("group")};
      const json suppressed = r.value("suppressed", false) ? 1 : 0;
      for (const char* metric : {"units", "cost", "cost_per_unit"}) {
        std::vector<json> row = prefix;
        const json& v = r.at(metric);
        row.insert(row.end(), {metric, value_or_null(v, "mean"), value_or_null(v, "low"),
                               value_or_null(v, "high"), suppressed});
        reach.rows.push_back(std::move(row));
      }
      for (const auto& [figure, price] : r.at("break_even_price").items()) {
        std::vector<json> row = prefix;
        row.insert(row.end(), {"break_even_price_" + figure, price, nullptr, nullptr, suppressed});
        reach.rows.push_back(std::move(row));
      }
    }
    for (const json& r : o.value("cost_per_outcome", json::array())) {
      const json& a = r.at("avoided");
      cost_per_outcome.rows.push_back({name, r.at("outcome"), r.at("unit"),
                                       value_or_null(a, "mean"), value_or_null(a, "low"),
                                       value_or_null(a, "high"), r.at("net_cost_per_avoided"),
                                       r.value("suppressed", false) ? 1 : 0});
    }
    for (const json& e : o.at("equity")) {
      json metrics = e;
      add_intervals(equity, {name, e.at("dimension"), e.at("group")}, metrics);
    }
    for (const json& x : o.at("outcomes"))
      outcomes.rows.push_back({name, x.at("outcome"), x.at("unit"), x.at("mean"), x.at("low"),
                               x.at("high"), x.value("suppressed", false) ? 1 : 0});
    for (const json& x : o.at("outcomes_by_group"))
      outcomes_by_group.rows.push_back({name, x.at("dimension"), x.at("group"), x.at("outcome"),
                                        x.at("unit"), x.at("mean"), x.at("low"), x.at("high"),
                                        x.value("suppressed", false) ? 1 : 0});
    for (const json& x : o.at("over_time"))
      over_time.rows.push_back(
          {name, x.at("outcome"), x.at("date"), x.at("mean"), x.at("low"), x.at("high")});
    for (const json& x : o.at("one_way"))
      for (const auto& [metric, v] : x.at("metrics").items())
        one_way.rows.push_back({name, x.at("parameter"), x.at("label"), x.at("value_low"),
                                x.at("value_high"), x.at("base_value"), metric, v.at("base"),
                                v.at("low"), v.at("high")});
    for (const json& d : o.at("ce_draws"))
      draws.rows.push_back({name, d.at("replication"), d.at("d_cost"), d.at("d_qaly")});
  }
  for (const json& f : doc.at("frontier"))
    frontier.rows.push_back(
        {f.at("option"), f.at("cost"), f.at("qalys"), f.at("status"), f.at("icer")});
  for (const json& c : doc.at("ceac"))
    ceac.rows.push_back({c.at("option"), c.at("lambda"), c.at("p")});
  // Each arm's own results carry the convention they were computed under.
  const json settings = doc.value("settings", json::object());
  const json convention = settings.value("convention", json::object());
  for (const json& a : doc.value("arms", json::array())) {
    const json& pp = a.at("per_person");
    const json& total = a.at("total");
    arms.rows.push_back(
        {a.at("arm"), a.at("measure"), a.at("discounted").get<bool>() ? 1 : 0,
         value_or_null(pp, "mean"), value_or_null(pp, "low"), value_or_null(pp, "high"),
         value_or_null(total, "mean"), value_or_null(total, "low"), value_or_null(total, "high"),
         a.at("persons"), value_or_null(convention, "state_rewards"),
         convention.contains("cycle_zero") ? json(convention.at("cycle_zero").get<bool>() ? 1 : 0)
                                           : json(nullptr),
         value_or_null(convention, "discount_time"), value_or_null(settings, "cost_rate"),
         value_or_null(settings, "health_rate")});
  }
  for (const json& r : doc.value("incremental", json::array())) {
    std::string by;
    for (const json& b : r.at("dominated_by")) by += (by.empty() ? "" : ";") + b.get<std::string>();
    incremental.rows.push_back({r.at("arm"), r.at("cost"), r.at("qalys"), r.at("status"),
                                r.at("compared_with"), r.at("incremental_cost"),
                                r.at("incremental_qalys"), r.at("icer"), by});
  }
  for (const json& t : doc.value("trace", json::array()))
    trace.rows.push_back({t.at("arm"), t.at("process"), t.at("state"), t.at("cycle"), t.at("date"),
                          t.at("count"), t.at("share")});
  std::vector<Table> tables = {headline,  status,           by_year, accounting, payback,
                               reach,     cost_per_outcome, equity,  outcomes,   outcomes_by_group,
                               over_time, one_way,          draws,   frontier,   ceac,
                               arms,      incremental,      trace};
  // Every table says what sample its totals were scaled up from (1: the whole population).
  const json fraction = doc.contains("settings") && doc["settings"].contains("sampling")
                            ? doc["settings"]["sampling"].value("fraction", json(1.0))
                            : json(1.0);
  for (Table& t : tables) {
    t.columns.push_back("sampling_fraction");
    for (auto& row : t.rows) row.push_back(fraction);
  }
  return tables;
}

std::vector<std::string> evaluation_table_names() {
  const json none = {
      {"options", json::array()}, {"frontier", json::array()}, {"ceac", json::array()}};
  std::vector<std::string> names;
  for (const Table& t : evaluation_tables(none)) names.push_back(t.name);
  return names;
}

void write_csv(const Table& t, const std::filesystem::path& file) {
  std::string text;
  for (size_t c = 0; c < t.columns.size(); ++c) text += (c ? "," : "") + t.columns[c];
  text += "\n";
  for (const auto& row : t.rows) {
    for (size_t c = 0; c < row.size(); ++c) text += (c ? "," : "") + csv_cell(row[c]);
    text += "\n";
  }
  write_text_atomically(file, text);
}

void write_h5(const std::vector<Table>& tables, const json& document,
              const std::filesystem::path& file) {
  using hdf5::Handle;
  check_file_target(file);
  hdf5::InMemoryFile memory;
  std::string_view bytes;
  {
    const hdf5::QuietHdf5Errors quiet;
    const auto fail = [&](const std::string& what) {
      throw std::runtime_error("cannot write " + file.string() + ": " + what + " " +
                               hdf5::hdf5_error_detail());
    };
    // Built in memory and written below with every write checked (hdf5::InMemoryFile), in the
    // HDF5 1.8 format like the result files.
    if (!memory.valid() ||
        H5Pset_libver_bounds(memory.access(), H5F_LIBVER_V18, H5F_LIBVER_V18) < 0)
      fail("file properties");
    const std::string name = hdf5::InMemoryFile::name_for(file.filename().string());
    Handle f(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, memory.access()), H5Fclose);
    if (!f.valid()) fail("create");
    const Handle str = hdf5::utf8_string_type();
    {  // The whole document, for readers who want everything in one JSON string.
      const std::string text = document.dump();
      const char* p = text.c_str();
      Handle space(H5Screate(H5S_SCALAR), H5Sclose);
      Handle attr(H5Acreate2(f.get(), "evaluation_document", str.get(), space.get(), H5P_DEFAULT,
                             H5P_DEFAULT),
                  H5Aclose);
      if (!attr.valid() || H5Awrite(attr.get(), str.get(), &p) < 0) fail("document");
    }
    {  // What a reader needs before any table: the sample, the appraisal start, the replications.
      const json& settings = document.contains("settings") ? document["settings"] : json::object();
      const json* sampling = settings.contains("sampling") ? &settings["sampling"] : nullptr;
      const double fraction = sampling ? sampling->value("fraction", 1.0) : 1.0;
      const long long replications = settings.value("replications", 0LL);
      {
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle attr(H5Acreate2(f.get(), "sampling_fraction", H5T_IEEE_F64LE, space.get(),
                               H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose);
        if (!attr.valid() || H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &fraction) < 0)
          fail("sampling_fraction");
      }
      {
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle attr(H5Acreate2(f.get(), "replications", H5T_STD_I64LE, space.get(), H5P_DEFAULT,
                               H5P_DEFAULT),
                    H5Aclose);
        if (!attr.valid() || H5Awrite(attr.get(), H5T_NATIVE_LLONG, &replications) < 0)
          fail("replications");
      }
      const std::string start = settings.value("start", std::string());
      const char* p = start.c_str();
      Handle space(H5Screate(H5S_SCALAR), H5Sclose);
      Handle attr(
          H5Acreate2(f.get(), "appraisal_start", str.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose);
      if (!attr.valid() || H5Awrite(attr.get(), str.get(), &p) < 0) fail("appraisal_start");
    }
    Handle root(H5Gcreate2(f.get(), "tables", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!root.valid()) fail("group tables");
    for (const Table& t : tables) {
      Handle g(H5Gcreate2(root.get(), t.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Gclose);
      if (!g.valid()) fail("group " + t.name);
      const hsize_t n = t.rows.size();
      Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const bool numeric = numeric_column(t, c);
        Handle ds(H5Dcreate2(g.get(), t.columns[c].c_str(), numeric ? H5T_IEEE_F64LE : str.get(),
                             space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Dclose);
        if (!ds.valid()) fail("column " + t.name + "/" + t.columns[c]);
        herr_t status = 0;
        if (n == 0) continue;  // an empty column: nothing to write
        if (numeric) {
          std::vector<double> v;
          for (const auto& row : t.rows)
            v.push_back(row[c].is_null() ? std::numeric_limits<double>::quiet_NaN()
                                         : row[c].get<double>());
          status = H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        } else {
          std::vector<std::string> keep;
          for (const auto& row : t.rows)
            keep.push_back(row[c].is_string() ? row[c].get<std::string>()
                           : row[c].is_null() ? ""
                                              : row[c].dump());
          std::vector<const char*> p;
          for (const auto& s : keep) p.push_back(s.c_str());
          status = H5Dwrite(ds.get(), str.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data());
        }
        if (status < 0) fail("column " + t.name + "/" + t.columns[c]);
      }
    }
    root.close();
    if (f.close() < 0) fail("close");
    try {
      bytes = memory.bytes();
    } catch (const std::runtime_error& e) {
      fail(e.what());
    }
  }
  write_file_atomically(file, bytes);
}

}  // namespace civicsim::evaluation

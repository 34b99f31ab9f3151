// Disclosure control end to end: a linked-records population with planted small counts is run with
// `civicsim run` (a baseline and an option) and evaluated with `civicsim evaluate`; then every
// output (evaluation.json, every CSV, evaluation.h5's document and tables, report.html) is attacked
// the way a reader could: every money figure divided by the known unit prices, the total minus the
// other groups, the option's total as baseline plus difference. No route may give a planted count
// back.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "outputs/evaluation/evaluation_tables.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_command;

constexpr const char* kSmallCouncil = "Halton";
// The groups holding planted counts: Halton, and IMD quintile 2 where its 2 treated homes are.
const std::vector<std::pair<std::string, std::string>> kSmallGroups = {{"council", kSmallCouncil},
                                                                       {"imd_quintile", "2"}};
// A home costs GBP 1,000 with a 24% optimism-bias uplift; an asthma attack costs the NHS GBP 100.
const std::vector<double> kHomePrices = {1000, 1240};
constexpr double kAttackCost = 100;

// Households: Halton: 2 damp homes (LSOA E01012368, IMD quintile 2) and 2 dry (E01012367, quintile
// 1), one person each; Knowsley (E01006412, quintile 1): 20 damp of 120, two persons each;
// Liverpool (E01006513, quintile 2): 150 dry. So the option treats 2 homes in Halton, 20 in
// Knowsley: 2 in quintile 2 (no count of which is shown: reach has no quintiles), 20 in quintile 1.
void write_population(const fs::path& dir) {
  std::string households =
      "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded\n";
  std::string persons = "person_id,household_id,birth_month,sex\n";
  int n = 0;
  const auto add = [&](const char* lsoa, bool damp, int people) {
    const std::string h = "h" + std::to_string(++n);
    households += h + "," + lsoa + ",private_rented," +
                  (people == 1 ? "one_person" : "couple_no_children") + "," + (damp ? "1" : "0") +
                  ",0,0,0\n";
    for (int k = 0; k < people; ++k)
      persons += "p" + std::to_string(n) + "_" + std::to_string(k) + "," + h + ",1985-0" +
                 std::to_string(k + 1) + "," + (k == 0 ? "female" : "male") + "\n";
  };
  for (bool damp : {true, true, false, false}) add(damp ? "E01012368" : "E01012367", damp, 1);
  for (int i = 0; i < 120; ++i) add("E01006412", i < 20, 2);
  for (int i = 0; i < 150; ++i) add("E01006513", false, 2);
  fs::create_directories(dir / "pop");
  testing::write_file(dir / "pop/households.csv", households);
  testing::write_file(dir / "pop/persons.csv", persons);
}

// Everyone has asthma; attacks at 1 a year, 3 a year in a damp home. The option's repairs programme
// dries every damp home once, in the first month.
void write_scenarios(const fs::path& dir) {
  const json base = {{"name", "linked_base"},
                     {"description", "Linked records, no programme."},
                     {"start", "2020-01"},
                     {"horizon_years", 1},
                     {"step_months", 1},
                     {"seed", 11},
                     {"replications", 1},
                     {"population",
                      {{"source", "linked"},
                       {"scale", 1},
                       {"data_dir", testing::lcr_data_dir().string()},
                       {"households_csv", "pop/households.csv"},
                       {"persons_csv", "pop/persons.csv"}}},
                     {"processes",
                      {{"asthma",
                        {{"states", {"none", "ill"}},
                         {"initial", {{"ill", 1.0}}},
                         {"utility", {{"none", 1.0}, {"ill", 0.9}}},
                         {"events",
                          {{{"name", "attack"},
                            {"in", {"ill"}},
                            {"rate_per_year", 1.0},
                            {"modifiers", {{{"if", "household.damp == 'yes'"}, {"rate_ratio", 3}}}},
                            {"cost", {{"nhs", kAttackCost}}}}}}}}}},
                     {"services",
                      {{"repairs",
                        {{"description", "Damp repairs."},
                         {"regions", "council"},
                         {"capacity_per_year", 100000},
                         {"max_wait_months", 6},
                         {"source", "test"}}}}}};
  const json option = {
      {"extends", "base.json"},
      {"name", "linked_fix"},
      {"interventions",
       {{"fix",
         {{"description", "Dry every damp home."},
          {"start", "2020-01"},
          {"unit", "household"},
          {"who", "household.damp == 'yes'"},
          {"coverage", 1.0},
          {"uptake", 1.0},
          {"once", true},
          {"through", "repairs"},
          {"effects", {{{"set", "household.damp"}, {"to", "no"}}}},
          {"cost",
           {{"per_unit", {{"housing", 1000}}}, {"optimism_bias", 0.24}, {"source", "test"}}}}}}}};
  testing::write_file(dir / "base.json", base.dump());
  testing::write_file(dir / "fix.json", option.dump());
}

// The total of a series in one group over the whole run (the secret the outputs must keep).
double group_total(const fs::path& file, const std::string& series, const std::string& dimension,
                   const std::string& group) {
  const ResultFile f = read_results(file);
  const RunResults& r = f.results;
  const size_t s = r.series_index(series);
  const std::vector<std::string>& dims = r.series[s].dims;
  const size_t at =
      static_cast<size_t>(std::find(dims.begin(), dims.end(), dimension) - dims.begin());
  EXPECT_LT(at, dims.size()) << series << " has no dimension " << dimension;
  const auto& labels = r.dimension(dimension).labels;
  const size_t code =
      static_cast<size_t>(std::find(labels.begin(), labels.end(), group) - labels.begin());
  EXPECT_LT(code, labels.size()) << dimension << " has no group " << group;
  size_t inner = 1;  // cells per step of the council axis
  for (size_t k = at + 1; k < dims.size(); ++k) inner *= r.dimension(dims[k]).labels.size();
  double sum = 0;
  for (const auto& rep : r.values[s])
    for (size_t i = 0; i < rep.size(); ++i)
      if ((i / inner) % labels.size() == code) sum += rep[i];
  return sum;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The document stored in evaluation.h5 as the root attribute evaluation_document.
json h5_document(const fs::path& file) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t a = H5Aopen(f, "evaluation_document", H5P_DEFAULT);
  const hid_t type = H5Aget_type(a);
  char* text = nullptr;
  H5Aread(a, type, &text);
  const json doc = json::parse(text ? text : "null");
  H5free_memory(text);
  H5Tclose(type);
  H5Aclose(a);
  H5Fclose(f);
  return doc;
}

// A figure an attacker has: its value and how precisely it is shown (0: exactly).
struct Figure {
  double value, half_step;
  std::string where;
};

// Every number of a JSON document, with its path.
void numbers_of(const json& v, const std::string& where, std::vector<Figure>& out) {
  if (v.is_number())
    out.push_back({v.get<double>(), 0, where});
  else if (v.is_object())
    for (const auto& [k, x] : v.items()) numbers_of(x, where + "/" + k, out);
  else if (v.is_array())
    for (size_t i = 0; i < v.size(); ++i) numbers_of(v[i], where + "/" + std::to_string(i), out);
}

// Every number written in a text (h5dump's output of the tables and the stored document).
void numbers_in_text(const std::string& text, const std::string& where, std::vector<Figure>& out) {
  static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  for (std::sregex_iterator it(text.begin(), text.end(), number), end; it != end; ++it)
    out.push_back({std::strtod(it->str().c_str(), nullptr), 0, where + ": " + it->str()});
}

// h5dump's text without its element positions ("(100): ..." starts the row from element 100):
// they are where a value sits, not a value the file holds.
std::string without_element_indices(const std::string& dump) {
  static const std::regex index(R"(\([0-9]+(,[0-9]+)*\):)");
  return std::regex_replace(dump, index, ":");
}

// The report's text as a reader sees it: no scripts, styles or tags (scanned by hand: std::regex
// recurses per character and overflows the stack on a whole report).
std::string visible_text(const std::string& html) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      out += html[i++];
      continue;
    }
    for (const char* element : {"script", "style"})
      if (html.compare(i + 1, std::strlen(element), element) == 0) {
        const size_t close = html.find(std::string("</") + element, i);
        i = close == std::string::npos ? html.size() : close + 2;
        break;
      }
    const size_t end = html.find('>', i);
    i = end == std::string::npos ? html.size() : end + 1;
    out += ' ';
  }
  return out;
}

// Money as the report shows it to a reader ("£2,480", "-£1,580", "£27.3k"): the interval it stands
// for.
void money_in_report(const std::string& text, std::vector<Figure>& out) {
  static const std::regex money(
      R"((-?)(?:£|&pound;|&#163;|GBP ?)([0-9][0-9,]*(?:\.[0-9]+)?)(k|m|bn)?)");
  for (std::sregex_iterator it(text.begin(), text.end(), money), end; it != end; ++it) {
    std::string digits = (*it)[2].str();
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    const std::string suffix = (*it)[3].str();
    const double scale = suffix == "k" ? 1e3 : suffix == "m" ? 1e6 : suffix == "bn" ? 1e9 : 1;
    // Shown to its last non-zero digit (27,300 to the hundred): half of that step either way.
    const auto dot = digits.find('.');
    const std::string whole = digits.substr(0, dot);
    double step = dot == std::string::npos
                      ? 1
                      : std::pow(10.0, -static_cast<double>(digits.size() - dot - 1));
    if (dot == std::string::npos)
      for (size_t k = whole.size(); k > 1 && whole[k - 1] == '0'; --k) step *= 10;
    const double v =
        std::strtod(digits.c_str(), nullptr) * scale * ((*it)[1].str() == "-" ? -1 : 1);
    out.push_back({v, step * scale / 2, "report.html text: " + it->str()});
  }
}

// The data the report's charts draw (every "values" array of the chart specifications).
void chart_data(const json& spec, const std::string& where, std::vector<json>& records) {
  if (spec.is_object())
    for (const auto& [k, v] : spec.items()) {
      if (k == "values" && v.is_array())
        for (const json& r : v) records.push_back(r);
      else
        chart_data(v, where, records);
    }
  else if (spec.is_array())
    for (const json& x : spec) chart_data(x, where, records);
}

std::vector<json> report_chart_records(const std::string& html) {
  const std::string open = R"(<script type="application/json" id="civicsim-chart-specs">)";
  std::vector<json> records;
  const size_t start = html.find(open);
  if (start == std::string::npos) return records;
  const size_t from = start + open.size(), to = html.find("</script>", from);
  chart_data(json::parse(html.substr(from, to - from)), "report.html charts", records);
  return records;
}

struct Planted {
  std::string what;
  double count;
  std::vector<double> prices;  // what one of them costs
};

class Attack {
 public:
  explicit Attack(std::vector<Planted> planted) : planted_(std::move(planted)) {}

  // Does this money figure, divided by a unit price, give a planted count?
  void check(const Figure& f, const std::string& route) {
    for (const Planted& p : planted_) {
      for (double price : p.prices) {
        const double target = std::abs(p.count) * price;
        const double tolerance = std::max(f.half_step, 1e-6 * std::max(1.0, target));
        if (std::abs(std::abs(f.value) - target) <= tolerance)
          leaks_.push_back(route + " gives " + p.what + " = " + std::to_string(p.count) + " (" +
                           f.where + " = " + std::to_string(f.value) + " / " +
                           std::to_string(price) + ")");
      }
    }
  }
  // Only money can be divided by a price; a count is compared as it is.
  void check_count(const Figure& f, const std::string& route) {
    for (const Planted& p : planted_)
      if (std::abs(std::abs(f.value) - std::abs(p.count)) <= 1e-6)
        leaks_.push_back(route + " gives " + p.what + " (" + f.where + ")");
  }
  const std::vector<std::string>& leaks() const { return leaks_; }

 private:
  std::vector<Planted> planted_;
  std::vector<std::string> leaks_;
};

std::optional<double> mean_of(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_object() && v.contains("mean") && v["mean"].is_number()) return v["mean"].get<double>();
  return std::nullopt;
}

// The routes that need the document's structure, for each group holding planted counts: its figures
// as they are, the total minus the other groups of its dimension (a hidden one taken for zero, as a
// reader who knows the option never reached it would), the option's total as baseline plus
// difference.
void attack_document(const json& doc, const std::string& source, Attack& attack) {
  for (const json& o : doc["options"])
    for (const auto& [dimension, group] : kSmallGroups) {
      const std::string name = source + " " + o["name"].get<std::string>() + " " + group;
      const auto other = [&](const json& row) {
        return row["dimension"] == dimension && row["group"] != group;
      };
      // Money and QALYs of the group: as they are, and as everyone's minus the other groups'.
      for (const json& row : o["equity"]) {
        if (row["dimension"] != dimension || row["group"] != group) continue;
        for (const auto& [metric, v] : row.items())
          if (const auto x = mean_of(v))
            attack.check({*x, 0, name + " equity " + metric}, "money / unit price");
      }
      for (const auto& [metric, total] : o["headline"].items()) {
        auto rest = mean_of(total);
        for (const json& row : o["equity"]) {
          if (!other(row) || !rest) continue;
          const auto x = row.contains(metric) ? mean_of(row[metric]) : std::nullopt;
          *rest -= x.value_or(0.0);  // a hidden group taken for one the option never reached
        }
        if (rest)
          attack.check({*rest, 0, name + ": headline " + metric + " - other groups"},
                       "total minus the rest");
      }
      // Reach: the group's units as they are, its cost / unit price, everyone's minus the others'.
      if (o.contains("reach")) {
        std::map<std::string, double> rest_units, rest_cost;
        for (const json& row : o["reach"]) {
          const std::string iv = row["intervention"];
          if (row["dimension"] == "all") {
            rest_units[iv] += mean_of(row["units"]).value_or(0.0);
            rest_cost[iv] += mean_of(row["cost"]).value_or(0.0);
          } else if (row["dimension"] == dimension && row["group"] == group) {
            if (const auto u = mean_of(row["units"]))
              attack.check_count({*u, 0, name + " reach units"}, "count shown");
            if (const auto c = mean_of(row["cost"]))
              attack.check({*c, 0, name + " reach cost"}, "money / unit price");
          } else if (row["dimension"] == dimension) {
            rest_units[iv] -= mean_of(row["units"]).value_or(0.0);
            rest_cost[iv] -= mean_of(row["cost"]).value_or(0.0);
          }
        }
        for (const auto& [iv, u] : rest_units) {
          attack.check_count({u, 0, name + " reach units: everyone - other groups"},
                             "total minus the rest");
          attack.check({rest_cost[iv], 0, name + " reach cost: everyone - other groups"},
                       "total minus the rest");
        }
      }
      // Counts: the group's row, baseline + difference, and everyone's minus the other groups'.
      std::map<std::string, const json*> everyone;
      for (const json& row : o["outcomes"]) everyone[row["outcome"]] = &row;
      for (const json& row : o["outcomes_by_group"]) {
        if (row["dimension"] != dimension || row["group"] != group) continue;
        const std::string where = name + " " + row["outcome"].get<std::string>();
        const auto base = mean_of(row["baseline"]), diff = mean_of(row);
        if (base) attack.check_count({*base, 0, where + " baseline"}, "count shown");
        if (diff) attack.check_count({*diff, 0, where + " difference"}, "count shown");
        if (base && diff)
          attack.check_count({*base + *diff, 0, where + " baseline + difference"},
                             "option minus baseline");
        for (const char* key : {"baseline", "mean"}) {
          const json& total = *everyone.at(row["outcome"]);
          auto rest = mean_of(key == std::string("mean") ? total : total[key]);
          for (const json& x : o["outcomes_by_group"]) {
            if (x["outcome"] != row["outcome"] || !other(x) || !rest) continue;
            const auto v = mean_of(key == std::string("mean") ? x : x[key]);
            *rest -= v.value_or(0.0);
          }
          if (rest)
            attack.check_count({*rest, 0, where + " " + key + ": everyone - other groups"},
                               "total minus the rest");
        }
      }
    }
}

// The CSV tables as rows of named cells.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& file) {
  std::istringstream in(read_text(file));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> columns;
  for (std::istringstream h(line); std::getline(h, line, ',');) columns.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::istringstream cells(line);
    for (const std::string& c : columns) std::getline(cells, row[c], ',');
    rows.push_back(row);
  }
  return rows;
}

std::optional<double> cell(const std::map<std::string, std::string>& row,
                           const std::string& column) {
  const auto it = row.find(column);
  if (it == row.end() || it->second.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  return *end == 0 ? std::optional<double>(v) : std::nullopt;
}

// The same routes on the CSV tables: the group's equity figures and counts, everyone's minus the
// other groups'.
void attack_csv(const fs::path& dir, Attack& attack) {
  const auto equity = read_csv(dir / "equity.csv"), headline = read_csv(dir / "headline.csv");
  const auto outcomes = read_csv(dir / "outcomes.csv"),
             by_group = read_csv(dir / "outcomes_by_group.csv");
  for (const auto& [dimension, group] : kSmallGroups) {
    for (const auto& h : headline) {
      auto rest = cell(h, "mean");
      for (const auto& e : equity) {
        if (e.at("option") != h.at("option") || e.at("metric") != h.at("metric") ||
            e.at("dimension") != dimension)
          continue;
        const auto x = cell(e, "mean");
        if (e.at("group") == group) {
          if (x)
            attack.check({*x, 0, "equity.csv " + group + " " + h.at("metric")},
                         "money / unit price");
          continue;
        }
        if (rest)
          *rest -= x.value_or(0.0);  // a hidden group taken for one the option never reached
      }
      if (rest)
        attack.check({*rest, 0, "headline.csv - equity.csv " + group + " " + h.at("metric")},
                     "total minus the rest");
    }
    for (const auto& t : outcomes) {
      auto rest = cell(t, "mean");
      for (const auto& g : by_group) {
        if (g.at("option") != t.at("option") || g.at("outcome") != t.at("outcome") ||
            g.at("dimension") != dimension)
          continue;
        const auto x = cell(g, "mean");
        if (g.at("group") == group) {
          if (x)
            attack.check_count({*x, 0, "outcomes_by_group.csv " + group + " " + t.at("outcome")},
                               "count shown");
          continue;
        }
        if (rest) *rest -= x.value_or(0.0);
      }
      if (rest)
        attack.check_count(
            {*rest, 0, "outcomes.csv - outcomes_by_group.csv " + group + " " + t.at("outcome")},
            "total minus the rest");
    }
  }
}

TEST(DisclosureEndToEnd, NoOutputGivesBackAPlantedSmallCount) {
  testing::TempDir dir;
  write_population(dir.path());
  write_scenarios(dir.path());
  const std::string civicsim = testing::civicsim_binary().string();
  for (const char* s : {"base", "fix"}) {
    const auto r =
        run_command(civicsim + " run " + (dir / (std::string(s) + ".json")).string() +
                    " --quiet --threads 1 --out " + (dir / (std::string(s) + ".h5")).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const fs::path out = dir / "ev";
  const auto ev = run_command(civicsim + " evaluate " + (dir / "base.h5").string() + " " +
                              (dir / "fix.h5").string() + " --quiet --out " + out.string() +
                              // One appraisal year counted undiscounted: the costs as paid.
                              " --discount-time year");
  ASSERT_EQ(ev.exit_code, 0) << ev.output;

  // The planted counts, from the result files (which stay with the analyst).
  const double homes = group_total(dir / "fix.h5", "fix.received", "council", kSmallCouncil);
  const double base_attacks =
      group_total(dir / "base.h5", "asthma.events.attack", "council", kSmallCouncil);
  const double option_attacks =
      group_total(dir / "fix.h5", "asthma.events.attack", "council", kSmallCouncil);
  ASSERT_EQ(homes, 2);
  std::vector<Planted> planted = {
      {"homes treated in Halton", homes, kHomePrices},
      {"requests served in Halton",
       group_total(dir / "fix.h5", "repairs.served", "council", kSmallCouncil), kHomePrices},
      {"homes treated in IMD quintile 2",
       group_total(dir / "fix.h5", "fix.received", "imd_quintile", "2"), kHomePrices}};
  ASSERT_EQ(planted.back().count, 2);
  for (const auto& [what, v] : {std::pair{"attacks in Halton (baseline)", base_attacks},
                                {"attacks in Halton (option)", option_attacks},
                                {"attacks avoided in Halton", option_attacks - base_attacks}})
    if (v != 0 && std::abs(v) < 10) planted.push_back({what, v, {kAttackCost}});
  ASSERT_GE(planted.size(), 4u) << "the run no longer plants a small count of attacks in Halton";
  Attack attack(planted);

  // Every number of every output, divided by every unit price.
  std::vector<Figure> figures;
  const json doc = json::parse(read_text(out / "evaluation.json"));
  ASSERT_FALSE(doc["disclosure"]["threshold"].is_null());
  numbers_of(doc, "evaluation.json", figures);
  const json stored = h5_document(out / "evaluation.h5");
  EXPECT_EQ(stored, doc);
  if (std::system("command -v h5dump >/dev/null 2>&1") == 0)
    numbers_in_text(
        without_element_indices(run_command("h5dump " + (out / "evaluation.h5").string()).output),
        "evaluation.h5", figures);
  int csvs = 0;
  for (const auto& entry : fs::directory_iterator(out))
    if (entry.path().extension() == ".csv") {
      ++csvs;
      for (const auto& row : read_csv(entry.path()))
        for (const auto& [column, text] : row) {
          char* end = nullptr;
          const double v = std::strtod(text.c_str(), &end);
          if (!text.empty() && end && *end == '\0')
            figures.push_back({v, 0, entry.path().filename().string() + " " + column});
        }
    }
  EXPECT_EQ(csvs,
            static_cast<int>(evaluation::evaluation_table_names().size()));  // every table read
  const std::string html = read_text(out / "report.html");
  money_in_report(visible_text(html), figures);
  // Every table row of the report about the council: its numbers as counts.
  for (size_t at = html.find("<tr"); at != std::string::npos; at = html.find("<tr", at + 3)) {
    const std::string row = visible_text(html.substr(at, html.find("</tr>", at) - at));
    if (row.find(kSmallCouncil) == std::string::npos) continue;
    std::vector<Figure> numbers;
    numbers_in_text(row, "report.html row '" + row.substr(0, 80) + "'", numbers);
    for (const Figure& f : numbers) attack.check_count(f, "count shown");
  }
  const std::vector<json> records = report_chart_records(html);
  EXPECT_FALSE(records.empty());
  for (const json& r : records) {
    numbers_of(r, "report.html chart data", figures);
    bool small_group =
        false;  // a bar or point of a group with planted counts: its counts as they are
    for (const auto& [k, v] : r.items()) small_group |= v == kSmallCouncil || v == "2";
    for (const auto& [k, v] : r.items())
      if (small_group && v.is_number())
        attack.check_count({v.get<double>(), 0, "report.html chart " + k}, "count shown");
  }
  for (const Figure& f : figures)
    if (f.value != 0) attack.check(f, "money / unit price");
  attack_document(doc, "evaluation.json", attack);
  attack_document(stored, "evaluation.h5", attack);
  attack_csv(out, attack);
  std::string report = "\nplanted:";
  for (const Planted& p : planted) report += " " + p.what + " = " + std::to_string(p.count) + ";";
  for (const std::string& leak : attack.leaks()) report += "\n  " + leak;
  EXPECT_TRUE(attack.leaks().empty())
      << attack.leaks().size() << " routes give a planted count back:" << report;
  // The control leaves what no small count feeds: everyone's costs of the 22 homes.
  EXPECT_EQ(doc["options"][0]["headline"]["intervention_cost"]["mean"], 22 * 1240.0);
}

}  // namespace
}  // namespace civicsim

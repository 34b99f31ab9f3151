#include "engine/scenario/uncertainty.hpp"

#include <limits>

#include "engine/evaluation/economics.hpp"
#include "engine/scenario/one_way.hpp"
#include "engine/scenario/process_schema.hpp"
#include "engine/scenario/scenario_schema.hpp"

namespace civicsim {

namespace s = schema;
using nlohmann::json;

s::Node uncertainty_schema() {
  return s::object({
      {.name = "psa_draws",
       .node = s::integer_in(1, 10000),
       .description = "Number of parameter draws: the run has this many replications, "
                      "replication r using draw r of every parameter below (with its own random "
                      "numbers). Absent: no probabilistic sensitivity analysis."},
      {.name = "parameters",
       .node = s::map_of(s::object({
           source_field(),
           {.name = "distribution",
            .node = s::string_one_of({"uniform", "normal", "lognormal", "gamma", "beta", "table"}),
            .required = true,
            .description = "How the number is drawn; table: the values in \"draws\" in turn."},
           {.name = "parameters",
            .node = s::array_of(s::number(), 2, 2),
            .description = "uniform: [min, max]; normal: [mean, sd]; lognormal: [meanlog, sdlog]; "
                           "gamma: [shape, scale]; beta: [alpha, beta]."},
           {.name = "draws",
            .node = s::array_of(s::number(), 1),
            .description = "table: the values (e.g. from a published PSA), draw r takes value r "
                           "modulo their number."},
       })),
       .default_value = json::object(),
       .description = "Uncertain numbers of the scenario, keyed by their JSON pointer in the "
                      "merged scenario, e.g. \"/processes/asthma/transitions/0/rate_per_year\"."},
      {.name = "one_way",
       .node = one_way_schema(),
       .default_value = json::object(),
       .description = "One-way sensitivity analysis: numbers (by JSON pointer) each run again at "
                      "a low and a high value, every other number at its base value "
                      "(engine/scenario/one_way.hpp); the evaluation draws them as a tornado."},
      {.name = "one_way_replications",
       .node = s::integer_in(1, 10000),
       .description = "How many replications each one-way run has: the first N of the "
                      "scenario's (fewer if it has fewer), paired by seed with the first N of "
                      "the baseline's and the option's main runs. Absent: all of them. The "
                      "ends of a tornado need fewer replications than the comparison itself."},
  });
}

namespace {

Distribution distribution_of(const std::string& d) {
  return d == "normal"      ? Distribution::kNormal
         : d == "lognormal" ? Distribution::kLognormal
         : d == "gamma"     ? Distribution::kGamma
         : d == "beta"      ? Distribution::kBeta
                            : Distribution::kUniform;
}

// The number node of the scenario schema at `pointer` (the number side of an either), or null.
const s::Node* number_node(const std::string& pointer) {
  const s::Node* node = s::find(scenario_schema(), pointer);
  if (node && node->kind == s::Kind::kEither) {
    const s::Node* number = nullptr;
    for (const auto& a : node->alternatives)
      if (a->kind == s::Kind::kNumber || a->kind == s::Kind::kInteger) number = a.get();
    node = number;
  }
  return node && (node->kind == s::Kind::kNumber || node->kind == s::Kind::kInteger) ? node
                                                                                     : nullptr;
}

// Where a continuous distribution's draws can fall: [lo, hi], each end open or closed.
struct Support {
  double lo, hi;
  bool lo_open, hi_open;
  std::string text;
};

Support support_of(const std::string& d, double a, double b) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (d == "uniform")
    return {
        a, b, false, false,
        "a uniform distribution over [" + s::format_number(a) + ", " + s::format_number(b) + "]"};
  if (d == "normal")
    return {-kInf, kInf, true, true, "a normal distribution, which draws any number"};
  if (d == "beta") return {0, 1, true, true, "a beta distribution, which draws in (0, 1)"};
  return {0, kInf, true, true, "a " + d + " distribution, which draws any number above 0"};
}

// Whether every value in `support` is within the node's bounds.
bool within(const Support& x, const s::Node& node) {
  const bool lo_ok =
      !node.min || x.lo > *node.min || (x.lo == *node.min && (!node.min_exclusive || x.lo_open));
  const bool hi_ok = !node.max || node.max_is_cap || x.hi < *node.max ||
                     (x.hi == *node.max && (!node.max_exclusive || x.hi_open));
  return lo_ok && hi_ok;
}

// Every value the parameter can draw is a valid value of the number it replaces, so that no
// replication of a run fails on its draw after others were written.
void check_support(const std::string& pointer, const json& p, const std::string& at,
                   const std::string& file, DiagnosticList& out) {
  const s::Node* node = number_node(pointer);
  if (!node) return;  // not a number of the schema: reported by check_model_number
  const std::string expected =
      "draws within the range of " + pointer + ": " + s::expected_text(*node);
  const std::string d = p.at("distribution");
  if (d == "table") {
    if (!p.contains("draws") || !p.at("draws").is_array()) return;
    const json& draws = p.at("draws");
    for (size_t i = 0; i < draws.size(); ++i)
      if (!s::is_valid(*node, draws[i]))
        out.add(file, at + "/draws/" + std::to_string(i), expected, s::found_text(draws[i]));
    return;
  }
  const double a = p.at("parameters")[0], b = p.at("parameters")[1];
  const Support x = support_of(d, a, b);
  if (node->kind == s::Kind::kInteger) {
    out.add(file, at + "/distribution", expected + " (a table of whole numbers)", x.text);
  } else if (!within(x, *node)) {
    out.add(file, at + (d == "uniform" ? "/parameters" : "/distribution"),
            expected +
                " (a distribution whose every draw lies in it, e.g. beta for a probability, "
                "gamma or lognormal for a rate)",
            x.text);
  }
}

}  // namespace

bool check_model_number(const json& doc, const std::string& pointer, const std::string& at,
                        const std::string& file, DiagnosticList& out) {
  json::json_pointer ptr;
  try {
    ptr = json::json_pointer(pointer);
  } catch (const json::exception&) {
    out.add(file, at, "a JSON pointer such as /processes/p/transitions/0/rate_per_year",
            "'" + pointer + "'");
    return false;
  }
  const bool model_number = pointer.rfind("/processes/", 0) == 0 ||
                            pointer.rfind("/services/", 0) == 0 ||
                            pointer.rfind("/interventions/", 0) == 0;
  if (!model_number) {
    out.add(file, at,
            "a number under /processes, /services or /interventions (the population, "
            "clock and seed are the same in every draw)",
            "'" + pointer + "'");
    return false;
  }
  if (!doc.contains(ptr) || !doc.at(ptr).is_number()) {
    out.add(file, at, "a pointer to a number of the scenario",
            doc.contains(ptr) ? doc.at(ptr).dump() : "nothing at " + pointer);
    return false;
  }
  return true;
}

void check_uncertainty_rules(const json& doc, const std::string& file, DiagnosticList& out) {
  const json* u = doc.contains("uncertainty") ? &doc.at("uncertainty") : nullptr;
  if (!u || !u->is_object()) return;
  if (u->contains("psa_draws") && u->at("psa_draws").is_number_integer() &&
      doc.contains("replications") && doc.at("replications").is_number_integer()) {
    const int draws = u->at("psa_draws"), reps = doc.at("replications");
    if (reps != 1 && reps != draws)
      out.add(file, "/uncertainty/psa_draws",
              "the number of replications (" + std::to_string(reps) + ") or replications left at 1",
              std::to_string(draws));
  }
  check_one_way_rules(doc, file, out);
  if (!u->contains("parameters") || !u->at("parameters").is_object()) return;
  for (const auto& [pointer, p] : u->at("parameters").items()) {
    const std::string at = "/uncertainty/parameters/" + pointer;  // as written, for the reader
    const bool number = check_model_number(doc, pointer, at, file, out);
    if (!p.is_object() || !p.contains("distribution") || !p.at("distribution").is_string())
      continue;
    const std::string d = p.at("distribution");
    if (d == "table") {
      if (!p.contains("draws")) out.add(file, at + "/draws", "the table's values", "none");
      if (number) check_support(pointer, p, at, file, out);
      continue;
    }
    if (!p.contains("parameters") || !p.at("parameters").is_array() ||
        p.at("parameters").size() != 2) {
      if (!p.contains("parameters")) out.add(file, at + "/parameters", "two parameters", "none");
      continue;
    }
    const double a = p.at("parameters")[0], b = p.at("parameters")[1];
    const bool ok = d == "uniform"                      ? a < b
                    : d == "normal" || d == "lognormal" ? b > 0
                                                        : a > 0 && b > 0;
    if (!ok)
      out.add(file, at + "/parameters",
              d == "uniform"                ? "[min, max] with min < max"
              : d == "gamma" || d == "beta" ? "two positive parameters"
                                            : "a positive standard deviation",
              p.at("parameters").dump());
    else if (number)
      check_support(pointer, p, at, file, out);
  }
}

UncertainParameter bind_parameter(const std::string& pointer, const json& p) {
  UncertainParameter x;
  x.pointer = pointer;
  const std::string d = p.at("distribution");
  x.from_table = d == "table";
  x.distribution = distribution_of(d);
  if (p.contains("parameters")) {
    x.a = p.at("parameters")[0];
    x.b = p.at("parameters")[1];
  }
  if (p.contains("draws")) x.table = p.at("draws").get<std::vector<double>>();
  return x;
}

UncertaintySpec bind_uncertainty(const json& u) {
  UncertaintySpec out;
  out.psa_draws = u.value("psa_draws", 0);
  for (const auto& [pointer, p] : u.at("parameters").items())
    out.parameters.push_back(bind_parameter(pointer, p));
  return out;
}

double parameter_quantile(const UncertainParameter& p, double q) {
  if (p.from_table) return evaluation::quantile(p.table, q);
  return distribution_quantile(p.distribution, p.a, p.b, q);
}

double draw_parameter(const UncertainParameter& p, uint64_t seed, int draw) {
  if (p.from_table) return p.table[static_cast<size_t>(draw) % p.table.size()];
  CounterRng rng(RandomKey::make(seed, static_cast<uint32_t>(draw)), 0, 0,
                 stream_id("psa" + p.pointer));
  return draw_distribution(p.distribution, p.a, p.b, rng);
}

json with_parameter_draw(json doc, const UncertaintySpec& u, uint64_t seed, int draw) {
  for (const UncertainParameter& p : u.parameters)
    doc[json::json_pointer(p.pointer)] = draw_parameter(p, seed, draw);
  return doc;
}

}  // namespace civicsim

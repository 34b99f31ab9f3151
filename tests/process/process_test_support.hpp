// Helpers for the process tests: running a scenario in-process, reading totals out of its series,
// and the exact second moment of a discounted reward along a Markov chain (for Monte Carlo standard
// errors of per-person totals, which the stored aggregate series cannot give).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/run_scenario.hpp"
#include "engine/core/input_error.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/test_support.hpp"
#include "tests/verification/markov_exact.hpp"

namespace civicsim::testing {

// The results of running a scenario file in memory (civicsim::run_scenario).
inline RunResults run_scenario(const std::filesystem::path& file,
                               const nlohmann::json& overrides = nlohmann::json::object()) {
  RunRequest request;
  request.scenario = file;
  request.overrides = overrides;
  return civicsim::run_scenario(request).results;
}

// Runs a scenario given as JSON, as if it were the file s.json of a fresh folder (so relative
// paths are as in a file there).
inline RunResults run_json(const nlohmann::json& doc) {
  TempDir dir;
  RunRequest request;
  request.scenario = ScenarioDocument{doc, dir / "s.json"};
  return civicsim::run_scenario(request).results;
}

// The messages of the input errors of running `doc`, each without the temporary file's name (none
// when it runs).
inline std::vector<std::string> run_errors(const nlohmann::json& doc) {
  try {
    run_json(doc);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) {
      const std::string text = d.to_string();
      out.push_back(text.substr(text.find(": ") + 2));
    }
    return out;
  }
  return {};
}

// Sum over all cells of series `name` at each of its time points (replication r).
inline std::vector<double> totals(const RunResults& r, const std::string& name,
                                  int replication = 0) {
  const size_t s = r.series_index(name), cells = r.cells(s);
  std::vector<double> out(r.time_points(s), 0.0);
  for (size_t t = 0; t < out.size(); ++t)
    for (size_t c = 0; c < cells; ++c)
      out[t] += r.values[s][static_cast<size_t>(replication)][t * cells + c];
  return out;
}

// Sum over the cells of series `name` whose `dimension` label is `label`, at each time point.
inline std::vector<double> totals_where(const RunResults& r, const std::string& name,
                                        const std::string& dimension, const std::string& label) {
  const size_t s = r.series_index(name), cells = r.cells(s);
  const std::vector<std::string>& dims = r.series[s].dims;
  size_t inner = 1, d = 0;
  for (size_t k = dims.size(); k-- > 0;) {
    if (dims[k] == dimension) {
      d = k;
      break;
    }
    inner *= r.dimension(dims[k]).labels.size();
  }
  const std::vector<std::string>& labels = r.dimension(dims[d]).labels;
  const auto code =
      static_cast<size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
  EXPECT_LT(code, labels.size()) << label;
  std::vector<double> out(r.time_points(s), 0.0);
  for (size_t t = 0; t < out.size(); ++t)
    for (size_t c = 0; c < cells; ++c)
      if ((c / inner) % labels.size() == code) out[t] += r.values[s][0][t * cells + c];
  return out;
}

// Occupancy of each state of `process` at each time point: (time points) x (states), in persons.
inline Eigen::MatrixXd occupancy(const RunResults& r, const std::string& process,
                                 int replication = 0) {
  const size_t s = r.series_index(process + ".occupancy"), cells = r.cells(s);
  const size_t states = r.dimension(process + ".state").labels.size(), per_state = cells / states;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(r.time_points(s)),
                                              static_cast<Eigen::Index>(states));
  for (size_t t = 0; t < r.time_points(s); ++t)
    for (size_t k = 0; k < states; ++k)
      for (size_t c = 0; c < per_state; ++c)
        out(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k)) +=
            r.values[s][static_cast<size_t>(replication)][t * cells + k * per_state + c];
  return out;
}

// The simulated occupancy of `process`, as shares of `persons`, against the exact trace: within 4
// Monte Carlo standard errors of a proportion in every time point and state (a correct model
// misses one cell with probability about 6e-5). `what` labels the failures.
inline void expect_trace_near(const RunResults& r, const std::string& process,
                              const Eigen::MatrixXd& exact, double persons,
                              const std::string& what = "") {
  const Eigen::MatrixXd sim = occupancy(r, process) / persons;
  ASSERT_EQ(sim.rows(), exact.rows()) << what;
  ASSERT_EQ(sim.cols(), exact.cols()) << what;
  for (Eigen::Index t = 0; t < exact.rows(); ++t)
    for (Eigen::Index s = 0; s < exact.cols(); ++s)
      EXPECT_NEAR(sim(t, s), exact(t, s),
                  4 * verification::mcse_proportion(exact(t, s), persons) + 1e-12)
          << what << " time point " << t << " state " << s;
}

// E[(sum_t a_t x(X_t)) (sum_t a_t y(X_t))] for the chain (P, start) with per-time-point weights
// a_0..a_T and state rewards x, y. With v_s = sum_{t >= s} a_t P^{t-s} y (v_T = a_T y,
// v_s = a_s y + P v_{s+1}) and w_s likewise for x: sum_s a_s pi_s . (x o v_s + y o w_s - a_s x o
// y).
inline double reward_cross_moment(const Eigen::MatrixXd& P, const Eigen::RowVectorXd& start,
                                  const std::vector<double>& a, const Eigen::VectorXd& x,
                                  const Eigen::VectorXd& y) {
  const int T = static_cast<int>(a.size()) - 1;
  const Eigen::MatrixXd occ = verification::occupancy(P, start, T);
  std::vector<Eigen::VectorXd> v(a.size()), w(a.size());
  v[static_cast<size_t>(T)] = a.back() * y;
  w[static_cast<size_t>(T)] = a.back() * x;
  for (int s = T - 1; s >= 0; --s) {
    const auto k = static_cast<size_t>(s);
    v[k] = a[k] * y + P * v[k + 1];
    w[k] = a[k] * x + P * w[k + 1];
  }
  double m = 0.0;
  for (int s = 0; s <= T; ++s) {
    const auto k = static_cast<size_t>(s);
    const Eigen::VectorXd term =
        x.cwiseProduct(v[k]) + y.cwiseProduct(w[k]) - a[k] * x.cwiseProduct(y);
    m += a[k] * occ.row(s).dot(term);
  }
  return m;
}

// Weights a_t = cycle weight x discount weight at time points 0..T.
inline std::vector<double> reward_weights(const verification::Accounting& acc, int T, bool costs) {
  std::vector<double> w = verification::cycle_weights(acc.timing, T);
  for (int t = 0; t <= T; ++t)
    w[static_cast<size_t>(t)] *= verification::discount_weight(
        costs ? acc.discount_costs : acc.discount_effects, t, acc.cycle_length_years);
  return w;
}

inline double weighted_sum(const std::vector<double>& series, const std::vector<double>& w) {
  double sum = 0.0;
  for (size_t t = 0; t < series.size(); ++t) sum += w[t] * series[t];
  return sum;
}

}  // namespace civicsim::testing

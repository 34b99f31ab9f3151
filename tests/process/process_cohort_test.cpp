// A homogeneous cohort's state occupancy per cycle matches the exact Markov chain (Eigen) within 4
// Monte Carlo standard errors, sqrt(p (1 - p) / N) with N = 40,000 persons, for constant competing
// rates (annual and quarterly steps), duration-dependent rates (tunnel states) and an effect for
// the first cycles only (a time-varying chain). Also: events and their costs, reward timing, and
// the batched Philox against philox_block.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/core/philox_batch.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 40000;

// A cohort scenario with process "m" over states A, B, C (everyone starts in A), given transitions.
json cohort(const json& transitions, int years, int step_months,
            const json& extra = json::object()) {
  json doc = {{"name", "cohort_test"},
              {"horizon_years", years},
              {"step_months", step_months},
              {"seed", 99},
              {"population",
               {{"source", "cohort"}, {"cohort", {{"size", kPersons}, {"states", {{"m", "A"}}}}}}},
              {"processes", {{"m", {{"states", {"A", "B", "C"}}, {"transitions", transitions}}}}}};
  doc["processes"]["m"].update(extra);
  return doc;
}

void expect_trace(const RunResults& r, const Eigen::MatrixXd& exact) {
  const Eigen::MatrixXd occ = testing::occupancy(r, "m") / kPersons;
  for (Eigen::Index t = 0; t < occ.rows(); ++t) EXPECT_NEAR(occ.row(t).sum(), 1.0, 1e-12);
  testing::expect_trace_near(r, "m", exact, kPersons);
}

const json kCompeting = json::array({{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}},
                                     {{"from", "A"}, {"to", "C"}, {"rate_per_year", 0.1}},
                                     {{"from", "B"}, {"to", "A"}, {"rate_per_year", 0.2}},
                                     {{"from", "B"}, {"to", "C"}, {"rate_per_year", 0.4}}});

// The one-step matrix of competing rates: P(any) = 1 - exp(-R dt), split by share.
Eigen::MatrixXd competing_matrix(double dt) {
  Eigen::MatrixXd P = Eigen::MatrixXd::Identity(3, 3);
  const double ra[] = {0.3, 0.1}, rb[] = {0.2, 0.4};
  const double pa = -std::expm1(-(ra[0] + ra[1]) * dt), pb = -std::expm1(-(rb[0] + rb[1]) * dt);
  P(0, 1) = pa * ra[0] / 0.4;
  P(0, 2) = pa * ra[1] / 0.4;
  P(0, 0) = 1 - pa;
  P(1, 0) = pb * rb[0] / 0.6;
  P(1, 2) = pb * rb[1] / 0.6;
  P(1, 1) = 1 - pb;
  return P;
}

TEST(CohortOccupancy, CompetingRatesMatchTheExactChain) {
  const RunResults r = testing::run_json(cohort(kCompeting, 15, 12));
  expect_trace(r, verification::occupancy(competing_matrix(1.0), Eigen::RowVector3d(1, 0, 0), 15));
}

TEST(CohortOccupancy, RatesConvertToQuarterlySteps) {
  const RunResults r = testing::run_json(cohort(kCompeting, 5, 3));
  expect_trace(r, verification::occupancy(competing_matrix(0.25), Eigen::RowVector3d(1, 0, 0), 20));
}

TEST(CohortOccupancy, DurationDependenceMatchesTheTunnelChain) {
  // B -> C speeds up with time in B: rate 0.2 (1 + 0.5 m.time_in_state). Tunnel counter d = cycles
  // in the current state including this one, so time_in_state = d - 1.
  const json transitions =
      json::array({{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.4}},
                   {{"from", "B"}, {"to", "A"}, {"rate_per_year", 0.3}},
                   {{"from", "B"},
                    {"to", "C"},
                    {"rate_per_year", 0.2},
                    {"modifiers", {{{"rate_ratio", "1 + 0.5 * m.time_in_state"}}}}}});
  const int T = 12;
  const RunResults r = testing::run_json(cohort(transitions, T, 12));
  verification::DurationChain dc;
  dc.n_states = 3;
  dc.cap = T + 1;
  dc.next_duration = [](int from, int d, int to) { return to == from ? d + 1 : 1; };
  dc.prob = [](int from, int d, int to) {
    const double rates[3][3] = {{0, 0.4, 0}, {0.3, 0, 0.2 * (1 + 0.5 * (d - 1))}, {0, 0, 0}};
    double total = 0;
    for (double x : rates[from]) total += x;
    if (total == 0) return to == from ? 1.0 : 0.0;
    const double any = -std::expm1(-total);
    return to == from ? 1 - any : any * rates[from][to] / total;
  };
  const verification::TunnelChain tc = verification::expand_tunnels(dc);
  const Eigen::MatrixXd exact =
      verification::occupancy(tc.P, tc.expand_start(Eigen::RowVector3d(1, 0, 0), 1), T) *
      tc.collapse();
  expect_trace(r, exact);
}

TEST(CohortOccupancy, AnEffectForTheFirstCyclesMatchesTheTimeVaryingChain) {
  // A -> B at 0.5 a year, a fifth of that while cycle < 3 (the first three cycles).
  const json transitions =
      json::array({{{"from", "A"},
                    {"to", "B"},
                    {"rate_per_year", 0.5},
                    {"modifiers", {{{"if", "cycle < 3"}, {"rate_ratio", 0.2}}}}}});
  const RunResults r = testing::run_json(cohort(transitions, 8, 12));
  const verification::MatrixOfCycle m = [](int t) {  // t: the move from cycle t - 1 to t
    Eigen::MatrixXd P = Eigen::MatrixXd::Identity(3, 3);
    const double p = -std::expm1(-0.5 * (t - 1 < 3 ? 0.2 : 1.0));
    P(0, 0) = 1 - p;
    P(0, 1) = p;
    return P;
  };
  expect_trace(r, verification::occupancy(m, Eigen::RowVector3d(1, 0, 0), 8));
}

TEST(ProcessEvents, CountsFollowTheRateAndCarryTheirCosts) {
  const json extra = {{"events",
                       {{{"name", "visit"},
                         {"in", {"B"}},
                         {"rate_per_year", 2.0},
                         {"cost", {{"nhs", 100}, {"category", "visits"}}},
                         {"qaly_loss", 0.01},
                         {"service", "gp"}}}},
                      {"cost_per_year", {{"B", {{"nhs", 1000}}}}}};
  json doc = cohort(kCompeting, 10, 12, extra);
  doc["services"] = {{"gp", {{"capacity_per_year", 1e9}}}};
  const RunResults r = testing::run_json(doc);
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const std::vector<double> events = testing::totals(r, "m.events.visit");
  double expected = 0, simulated = 0;
  for (size_t t = 0; t < events.size(); ++t) {
    expected +=
        occ(static_cast<Eigen::Index>(t), 1) * 2.0;  // given occupancy: Poisson, mean = variance
    simulated += events[t];
  }
  EXPECT_NEAR(simulated, expected, 4 * std::sqrt(expected));
  // costs = state costs at each step's start + 100 per event; qalys = state QALYs - 0.01 per event.
  const std::vector<double> costs = testing::totals(r, "costs"),
                            state = testing::totals(r, "state_costs");
  const std::vector<double> qalys = testing::totals(r, "qalys"),
                            state_q = testing::totals(r, "state_qalys");
  for (size_t t = 0; t < events.size(); ++t) {
    EXPECT_NEAR(costs[t], state[t] + 100 * events[t], 1e-6 * costs[t]);
    EXPECT_NEAR(state[t], 1000 * occ(static_cast<Eigen::Index>(t), 1), 1e-9 * state[t]);
    EXPECT_NEAR(qalys[t], state_q[t] - 0.01 * events[t], 1e-9 * state_q[t]);
  }
  EXPECT_EQ(r.dimension("cost_category").labels,
            (std::vector<std::string>{"visits", "m"}));  // first use
}

// capacity_factor scales every queue's capacity before it is bound: a service with capacity 40 and
// factor 0.25 serves exactly as one with capacity 10 (same draws, same queue order).
TEST(ProcessEvents, CapacityFactorScalesTheServiceCapacity) {
  const json extra = {
      {"events", {{{"name", "visit"}, {"in", {"B"}}, {"rate_per_year", 2.0}, {"service", "gp"}}}}};
  json scaled = cohort(kCompeting, 10, 12, extra), plain = scaled;
  scaled["services"] = {{"gp", {{"capacity_per_year", 40}, {"capacity_factor", 0.25}}}};
  plain["services"] = {{"gp", {{"capacity_per_year", 10}}}};
  const RunResults a = testing::run_json(scaled), b = testing::run_json(plain);
  const std::vector<double> served = testing::totals(a, "gp.served");
  EXPECT_EQ(served, testing::totals(b, "gp.served"));
  EXPECT_EQ(testing::totals(a, "gp.capacity"), testing::totals(b, "gp.capacity"));
  double total = 0, requested = 0;
  for (double s : served) total += s;
  for (double q : testing::totals(a, "gp.requested")) requested += q;
  EXPECT_GT(total, 0);
  EXPECT_LT(total, requested);  // the capacity binds, so the factor matters
}

// Two processes with utilities a number per state multiply person by person: with the second
// process certain (everyone stays in Y, utility 0.9), each time point's QALYs are 0.9 x the first
// process's occupancy-weighted utilities, to rounding.
TEST(ProcessRewards, UtilitiesOfTwoProcessesMultiply) {
  json doc = cohort(kCompeting, 6, 12, {{"utility", {{"A", 1.0}, {"B", 0.8}, {"C", 0.5}}}});
  doc["population"]["cohort"]["states"]["k"] = "Y";
  doc["processes"]["k"] = {{"states", {"X", "Y"}}, {"utility", {{"X", 1.0}, {"Y", 0.9}}}};
  const RunResults r = testing::run_json(doc);
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const std::vector<double> q = testing::totals(r, "state_qalys");
  ASSERT_EQ(q.size(), static_cast<size_t>(occ.rows()));
  for (Eigen::Index t = 0; t < occ.rows(); ++t) {
    const double expected = 0.9 * (occ(t, 0) + 0.8 * occ(t, 1) + 0.5 * occ(t, 2));
    EXPECT_NEAR(q[static_cast<size_t>(t)], expected, 1e-9 * expected) << "time point " << t;
  }
}

TEST(ProcessRewards, StateTimingPicksTheTimePoints) {
  const json extra = {{"cost_per_year", {{"A", {{"nhs", 10}}}, {"B", {{"other", 30}}}}},
                      {"utility", {{"A", 0.9}, {"B", 0.5}, {"C", 0}}}};
  for (const char* timing : {"start_of_step", "end_of_step", "half_step"}) {
    json doc = cohort(kCompeting, 4, 12, extra);
    doc["rewards"] = {{"state_timing", timing}};
    const RunResults r = testing::run_json(doc);
    const auto points = testing::totals(r, "state_qalys"), flows = testing::totals(r, "qalys");
    const auto cpoints = testing::totals(r, "state_costs"), cflows = testing::totals(r, "costs");
    const double a = timing[0] == 's' ? 1.0 : timing[0] == 'e' ? 0.0 : 0.5;
    for (size_t t = 0; t < flows.size(); ++t) {
      EXPECT_DOUBLE_EQ(flows[t], a * points[t] + (1 - a) * points[t + 1]) << timing;
      EXPECT_NEAR(cflows[t], a * cpoints[t] + (1 - a) * cpoints[t + 1], 1e-9 * cflows[t]) << timing;
    }
    EXPECT_DOUBLE_EQ(points[0], 0.9 * kPersons);  // everyone starts in A
  }
}

TEST(ProcessPhilox, BatchedBlocksEqualPhiloxBlock) {
  const RandomKey key = RandomKey::make(123, 4);
  std::vector<uint32_t> out(4 * 19);
  philox_groups(key, 4000000000u, 19, 7, stream_id("m"), out.data());
  for (uint32_t j = 0; j < 19; ++j) {
    const Words4 w = philox_block(key, 4000000000u + j, 7, stream_id("m"), 0);
    for (size_t k = 0; k < 4; ++k) EXPECT_EQ(out[4 * j + k], w[k]) << j << " " << k;
  }
}

// Every (key, first, groups, step, stream) gives philox_block's words: group counts 0..99 (every
// tail of the 8-, 16- and 32-block loops), then up to 2100 (8192 rows = 2048 groups per sweep
// block); counters that wrap past 2^32; nothing written past 4 * groups words. (A test reaches only
// the path this machine's CPU selects.)
TEST(ProcessPhilox, BatchedBlocksEqualPhiloxBlockForManyCoordinates) {
  std::mt19937_64 rng(2024);
  const uint32_t edges[] = {0u, 1u, 4000000000u, 0xFFFFFFFFu - 20u, 0xFFFFFFFFu};
  for (int trial = 0; trial < 400; ++trial) {
    const RandomKey key{static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())};
    const uint32_t first = trial % 2 == 0 ? edges[trial / 2 % 5] : static_cast<uint32_t>(rng());
    const size_t groups = trial < 100 ? static_cast<size_t>(trial) : 1 + rng() % 2100;
    const auto step = static_cast<uint32_t>(rng() % 240), stream = static_cast<uint32_t>(rng());
    std::vector<uint32_t> out(4 * groups + 16, 0xDEADBEEFu);
    philox_groups(key, first, groups, step, stream, out.data());
    for (size_t j = 0; j < groups; ++j) {
      const Words4 w = philox_block(key, first + static_cast<uint32_t>(j), step, stream, 0);
      for (size_t k = 0; k < 4; ++k)
        ASSERT_EQ(out[4 * j + k], w[k]) << "trial " << trial << " group " << j << " word " << k;
    }
    for (size_t i = 4 * groups; i < out.size(); ++i)
      ASSERT_EQ(out[i], 0xDEADBEEFu) << "trial " << trial << " wrote past the end";
  }
}

// The same for blocks of listed counters (any order, repeats, wrapping values): list lengths 0..99
// (every tail of the 8-block loop), then up to 1100; nothing written past 4 n words.
TEST(ProcessPhilox, ListedBlocksEqualPhiloxBlock) {
  std::mt19937_64 rng(2025);
  for (int trial = 0; trial < 200; ++trial) {
    const RandomKey key{static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())};
    const size_t n = trial < 100 ? static_cast<size_t>(trial) : 1 + rng() % 1100;
    std::vector<uint32_t> counters(n);
    for (auto& c : counters)
      c = rng() % 3 == 0 ? 0xFFFFFFFFu - static_cast<uint32_t>(rng() % 3)
                         : static_cast<uint32_t>(rng());
    const auto step = static_cast<uint32_t>(rng() % 240), stream = static_cast<uint32_t>(rng());
    std::vector<uint32_t> out(4 * n + 16, 0xDEADBEEFu);
    philox_list(key, counters.data(), n, step, stream, out.data());
    for (size_t j = 0; j < n; ++j) {
      const Words4 w = philox_block(key, counters[j], step, stream, 0);
      for (size_t k = 0; k < 4; ++k)
        ASSERT_EQ(out[4 * j + k], w[k]) << "trial " << trial << " block " << j << " word " << k;
    }
    for (size_t i = 4 * n; i < out.size(); ++i)
      ASSERT_EQ(out[i], 0xDEADBEEFu) << "trial " << trial << " wrote past the end";
  }
}

}  // namespace
}  // namespace civicsim

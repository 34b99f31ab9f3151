// Margins keep a series' process state, payer, cost category, intervention, council and IMD quintile,
// in the series' order, and
// sum every other dimension away; checked cell by cell against sums written out.
#include "outputs/result_margins.hpp"

#include <gtest/gtest.h>

namespace civicsim {
namespace {

RunResults one_series(std::vector<std::string> dims) {
  RunResults r;
  r.dimensions = {{"m.state", {"well", "sick"}}, {"sex", {"female", "male"}},
                  {"council", {"A", "B", "C"}},  {"imd_quintile", {"1", "2"}},
                  {"intervention", {"x", "y"}},  {"payer", {"nhs", "housing"}}};
  r.time = {"2024-01", "2024-02"};
  r.series = {{"s", "persons", "A series.", SeriesKind::kStock, std::move(dims), true}};
  r.replications = 2;
  r.values.resize(1);
  const size_t cells = r.cells(0) * r.time_points(0);
  for (int rep = 0; rep < 2; ++rep) {
    std::vector<double> v;
    for (size_t c = 0; c < cells; ++c) v.push_back(static_cast<double>(c * c % 97) + 1000.0 * rep);
    r.values[0].push_back(v);
  }
  return r;
}

TEST(ResultMargins, KeepTheStateCouncilAndQuintile) {
  const RunResults r = one_series({"m.state", "sex", "council", "imd_quintile"});
  const RunResults m = margins_of(r);
  ASSERT_EQ(m.series.size(), 1u);
  EXPECT_EQ(m.series[0].dims, (std::vector<std::string>{"m.state", "council", "imd_quintile"}));
  for (size_t rep = 0; rep < 2; ++rep)
    for (size_t t = 0; t < 2; ++t)
      for (size_t st = 0; st < 2; ++st)
        for (size_t c = 0; c < 3; ++c)
          for (size_t q = 0; q < 2; ++q) {
            const auto cell = [&](size_t sex) { return ((t * 2 + st) * 2 + sex) * 6 + c * 2 + q; };
            EXPECT_EQ(m.values[0][rep][((t * 2 + st) * 3 + c) * 2 + q],
                      r.values[0][rep][cell(0)] + r.values[0][rep][cell(1)]);
          }
}

TEST(ResultMargins, KeepThePayerAndInterventionWhereverTheyAreAndSumTheRest) {
  const RunResults r = one_series({"intervention", "sex", "payer"});
  const RunResults m = margins_of(r);
  EXPECT_EQ(m.series[0].dims, (std::vector<std::string>{"intervention", "payer"}));
  for (size_t t = 0; t < 2; ++t)
    for (size_t i = 0; i < 2; ++i)
      for (size_t p = 0; p < 2; ++p) {
        double sum = 0;
        for (size_t sex = 0; sex < 2; ++sex) sum += r.values[0][1][((t * 2 + i) * 2 + sex) * 2 + p];
        EXPECT_EQ(m.values[0][1][(t * 2 + i) * 2 + p], sum);
      }
  // Nothing kept: the total at each time point.
  const RunResults none = one_series({"sex", "council"});
  const RunResults summed = margins_of(one_series({"sex"}));
  EXPECT_TRUE(summed.series[0].dims.empty());
  const RunResults r1 = one_series({"sex"});
  EXPECT_EQ(summed.values[0][0][1], r1.values[0][0][2] + r1.values[0][0][3]);
  EXPECT_EQ(margins_of(none).series[0].dims, (std::vector<std::string>{"council"}));
  // Every dimension kept: the margin is the series.
  const RunResults whole = one_series({"council", "imd_quintile"});
  EXPECT_EQ(margins_of(whole).values[0], whole.values[0]);
  EXPECT_TRUE(margins_of(one_series({})).series.empty());
}

}  // namespace
}  // namespace civicsim

// compress_plan merges the codes of a plan's variables that give equal values everywhere, and every
// combination of codes still reads the value it read before.
#include <gtest/gtest.h>
#include <omp.h>

#include <random>

#include "engine/model/tables.hpp"

namespace civicsim::process {
namespace {

// Value of the original table at codes (a, b, c), through `plan`, for `row` and slot w.
template <class T>
T read(const IndexPlan& plan, const std::vector<T>& values, const std::vector<uint32_t>& codes,
       size_t row, size_t w, size_t width) {
  size_t cell = 0;
  for (const Term& t : plan.terms) {
    const auto k =
        static_cast<size_t>(t.source.group);  // the test keeps the variable's position here
    cell += t.index(codes[k]) * t.stride;
  }
  return values[(row * plan.cells + cell) * width + w];
}

TEST(CompressPlan, EveryCodeReadsTheSameValueThroughFewerCells) {
  // Three variables of 6, 5 and 4 codes; two rows; width 2. Values depend on variable 0 only
  // through (code < 3), on variable 1 not at all, on variable 2 fully.
  const std::vector<uint32_t> domains = {6, 5, 4};
  IndexPlan plan;
  plan.cells = 6 * 5 * 4;
  plan.terms = {{{CodeKind::kAge, 0, 0}, 20, {}},
                {{CodeKind::kSex, 0, 1}, 4, {}},
                {{CodeKind::kCycle, 0, 2}, 1, {}}};
  const size_t rows = 2, width = 2;
  std::vector<double> values(rows * plan.cells * width);
  for (size_t r = 0; r < rows; ++r)
    for (uint32_t a = 0; a < 6; ++a)
      for (uint32_t b = 0; b < 5; ++b)
        for (uint32_t c = 0; c < 4; ++c)
          for (size_t w = 0; w < width; ++w)
            values[(r * plan.cells + a * 20 + b * 4 + c) * width + w] =
                static_cast<double>(r * 100 + (a < 3 ? 1 : 2) * 10 + c) +
                0.5 * static_cast<double>(w);
  const IndexPlan original = plan;
  const std::vector<double> before = values;
  compress_plan(plan, values, rows, width);
  EXPECT_EQ(plan.cells, 2u * 4u);  // two classes of variable 0, variable 1 dropped, 4 of variable 2
  ASSERT_EQ(plan.terms.size(), 2u);
  EXPECT_EQ(values.size(), rows * plan.cells * width);
  for (size_t r = 0; r < rows; ++r)
    for (uint32_t a = 0; a < 6; ++a)
      for (uint32_t b = 0; b < 5; ++b)
        for (uint32_t c = 0; c < 4; ++c)
          for (size_t w = 0; w < width; ++w)
            EXPECT_EQ(read(plan, values, {a, b, c}, r, w, width),
                      read(original, before, {a, b, c}, r, w, width));
}

TEST(CompressPlan, RandomTablesKeepEveryValue) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    const auto d0 = static_cast<uint32_t>(1 + rng() % 7), d1 = static_cast<uint32_t>(1 + rng() % 7);
    IndexPlan plan;
    plan.cells = d0 * d1;
    plan.terms = {{{CodeKind::kAge, 0, 0}, d1, {}}, {{CodeKind::kSex, 0, 1}, 1, {}}};
    std::vector<uint32_t> values(plan.cells);
    for (auto& v : values)
      v = static_cast<uint32_t>(rng() % 3);  // few distinct values: many merges
    const IndexPlan original = plan;
    const auto before = values;
    compress_plan(plan, values, 1, 1);
    for (uint32_t a = 0; a < d0; ++a)
      for (uint32_t b = 0; b < d1; ++b)
        ASSERT_EQ(read(plan, values, {a, b}, 0, 0, 1), read(original, before, {a, b}, 0, 0, 1))
            << "trial " << trial;
  }
}

// A table large enough to be merged by the threads in parallel (80,000 values): the same plan and
// values on one thread as on two, and every code still reads its value.
TEST(CompressPlan, LargeTablesMergeTheSameOnAnyThreadCount) {
  IndexPlan plan;
  plan.cells = 200 * 50 * 8;
  plan.terms = {{{CodeKind::kAge, 0, 0}, 400, {}},
                {{CodeKind::kSex, 0, 1}, 8, {}},
                {{CodeKind::kCycle, 0, 2}, 1, {}}};
  std::vector<uint32_t> values(plan.cells);
  for (uint32_t a = 0; a < 200; ++a)  // depends on a % 7 and c only
    for (uint32_t b = 0; b < 50; ++b)
      for (uint32_t c = 0; c < 8; ++c) values[a * 400 + b * 8 + c] = (a % 7) * 10 + c;
  const IndexPlan original = plan;
  const auto before = values;
  const int saved = omp_get_max_threads();
  std::vector<std::pair<IndexPlan, std::vector<uint32_t>>> runs;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    IndexPlan p = original;
    auto v = before;
    compress_plan(p, v, 1, 1);
    runs.emplace_back(std::move(p), std::move(v));
  }
  omp_set_num_threads(saved);
  const auto& [merged, after] = runs[0];
  EXPECT_EQ(merged.cells, 7u * 8u);  // seven classes of a, b dropped, eight of c
  EXPECT_EQ(runs[1].second, after);
  ASSERT_EQ(runs[1].first.terms.size(), merged.terms.size());
  for (size_t j = 0; j < merged.terms.size(); ++j) {
    EXPECT_EQ(runs[1].first.terms[j].class_of, merged.terms[j].class_of);
    EXPECT_EQ(runs[1].first.terms[j].stride, merged.terms[j].stride);
  }
  for (uint32_t a = 0; a < 200; ++a)
    for (uint32_t b = 0; b < 50; b += 7)
      for (uint32_t c = 0; c < 8; ++c)
        ASSERT_EQ(read(merged, after, {a, b, c}, 0, 0, 1),
                  read(original, before, {a, b, c}, 0, 0, 1));
}

}  // namespace
}  // namespace civicsim::process

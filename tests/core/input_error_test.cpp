// Tests of DiagnosticList's bound (issue #14): a file with millions of problems is described in a
// bounded list, which says how many were left out.
#include "engine/core/input_error.hpp"

#include <gtest/gtest.h>

#include "engine/core/input_limits.hpp"

namespace civicsim {
namespace {

TEST(DiagnosticList, KeepsAtMostTheLimitAndCountsTheRest) {
  DiagnosticList list;
  const size_t n = limits::kMaxDiagnostics + 2500;
  for (size_t i = 0; i < n; ++i) list.add("f.json", "/x/" + std::to_string(i), "a string", "1");
  EXPECT_EQ(list.size(), n);
  EXPECT_FALSE(list.empty());
  const auto items = list.items();
  ASSERT_EQ(items.size(), limits::kMaxDiagnostics + 1);
  EXPECT_EQ(items.front().to_string(), "f.json: /x/0: expected a string, found 1");
  EXPECT_EQ(items.back().to_string(),
            "expected at most 1000 problems listed, found 2500 more, not listed");
  try {
    list.throw_if_any();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), limits::kMaxDiagnostics + 1);
  }
}

TEST(DiagnosticList, UnderTheLimitNothingIsAdded) {
  DiagnosticList list;
  list.add("f.json", "/a", "x", "y");
  ASSERT_EQ(list.items().size(), 1u);
  EXPECT_NO_THROW(DiagnosticList().throw_if_any());
}

}  // namespace
}  // namespace civicsim

#include "engine/core/year_month.hpp"

#include <gtest/gtest.h>

namespace civicsim {
namespace {

TEST(YearMonth, ParsesAndPrints) {
  const auto ym = YearMonth::parse("2019-07");
  ASSERT_TRUE(ym.has_value());
  EXPECT_EQ(ym->year(), 2019);
  EXPECT_EQ(ym->month(), 7);
  EXPECT_EQ(ym->to_string(), "2019-07");
  EXPECT_EQ(ym->plus(6).to_string(), "2020-01");
  EXPECT_EQ(YearMonth::of(2020, 1).months - ym->months, 6);
}

TEST(YearMonth, RejectsMalformedText) {
  for (const char* bad : {"2019-7", "2019-13", "2019-00", "19-07-01", "abcd-ef", "", "2019/07"})
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << bad;
}

}  // namespace
}  // namespace civicsim

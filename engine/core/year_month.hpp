// Calendar months: the engine's clock. A YearMonth is a count of months since January of year 0,
// so differences are month counts and ages in months are plain subtraction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civicsim {

struct YearMonth {
  int32_t months = 0;  // months since 0000-01

  static constexpr YearMonth of(int year, int month) { return {year * 12 + (month - 1)}; }
  // Parses "YYYY-MM"; nullopt if malformed.
  static std::optional<YearMonth> parse(std::string_view text);
  constexpr int year() const { return months / 12; }
  constexpr int month() const { return months % 12 + 1; }
  std::string to_string() const;  // "YYYY-MM"
  constexpr YearMonth plus(int32_t m) const { return {months + m}; }
  friend constexpr bool operator==(YearMonth, YearMonth) = default;
  friend constexpr auto operator<=>(YearMonth, YearMonth) = default;
};

}  // namespace civicsim

#include "engine/core/year_month.hpp"

#include <cstdio>

namespace civicsim {

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    year = year * 10 + (text[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    month = month * 10 + (text[i] - '0');
  }
  if (month < 1 || month > 12) return std::nullopt;
  return of(year, month);
}

std::string YearMonth::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

}  // namespace civicsim

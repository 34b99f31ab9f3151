// The limits on what civicsim reads, in one place.
//
// Every input is hostile until checked: a file may be a FIFO that never ends, a device that never
// ends, a document nested deeper than any stack, or a number that overflows every sum it enters.
// Readers refuse anything beyond these limits with an InputError (exit status 2) naming the file,
// the place, the limit and what was found, before anything is built from it. The limits are far
// above what any real scenario, data file or result file needs (the deepest shipped scenario nests
// 7 levels; the largest is 45 KB), so reaching one means the input is wrong, not large.
#pragma once

#include <cstddef>
#include <cstdint>

namespace civicsim::limits {

// JSON: objects and arrays nested at most this deep (the root is level 1). Checked while parsing,
// so nothing that recurses over a document (copy, merge, validation, dump) ever sees a deeper one.
inline constexpr size_t kMaxJsonDepth = 64;
// JSON: a string (a value or a key) at most this many bytes.
inline constexpr size_t kMaxJsonStringBytes = size_t{1} << 20;  // 1 MiB
// A scenario file at most this many bytes (checked before it is read).
inline constexpr uint64_t kMaxScenarioFileBytes = uint64_t{16} << 20;  // 16 MiB
// A chain of "extends" at most this many files long, the file named on the command line included.
inline constexpr size_t kMaxExtendsDepth = 32;
// A CSV file (data tables, linked-data extracts, observed targets) at most this many bytes: a
// linked extract of the whole Liverpool City Region is about 60 MB.
inline constexpr uint64_t kMaxCsvFileBytes = uint64_t{1} << 30;  // 1 GiB
// Diagnostics listed in one InputError at most; beyond, one more says how many were left out (a
// file of a million bad values must not need gigabytes to describe).
inline constexpr size_t kMaxDiagnostics = 1000;

// Linked-data extracts: a birth month before January of this year is refused (no one alive is
// that old; a year such as 0001 stands for "unknown" in some extracts).
inline constexpr int kEarliestBirthYear = 1890;

// Expressions (engine/expr): parentheses and prefix operators nested at most this deep, and at most
// this many binary operators in one expression ("a + a + ... + a" builds a tree as deep as it is
// long, which the binder and evaluation walk recursively).
inline constexpr size_t kMaxExpressionNesting = 64;
inline constexpr size_t kMaxExpressionOperators = 1000;

// Scenario numbers: upper bounds on the quantities the run multiplies and sums, so that every sum
// over persons, steps and replications stays finite (nlohmann's parser already refuses numbers
// beyond a double's range). Each is far above any real value; the schema listing
// (`civicsim schema`) shows them as ranges.
inline constexpr double kMaxMoneyGbp = 1e12;         // any amount of money (half UK GDP)
inline constexpr double kMaxRatePerYear = 1e6;       // a rate of events or moves per person-year
inline constexpr double kMaxRateRatio = 1e6;         // a factor on a rate
inline constexpr double kMaxCapacityPerYear = 1e12;  // a service's capacity, requests per year
inline constexpr double kMaxQalyPerEvent = 100;      // QALYs lost in one event
inline constexpr double kMaxEffectYears = 1000;      // how long an effect lasts or wanes
inline constexpr double kMinPriceIndex = 1e-3;       // a price index value (only ratios matter)
inline constexpr double kMaxPriceIndex = 1e6;

}  // namespace civicsim::limits

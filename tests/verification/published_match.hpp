// How a computed number is compared with a published one, shared by the reference-model tests.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>

namespace civicsim::verification {

// The published number is x rounded to `decimals` places: |x - published| <= half a unit of the
// last printed digit, plus 1e-9 relative for floating-point round-off at a rounding boundary.
inline ::testing::AssertionResult to_rounding(double x, double published, int decimals) {
  const double tol = 0.5 * std::pow(10.0, -decimals) + 1e-9 * std::abs(published);
  if (std::abs(x - published) <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "computed " << std::setprecision(12) << x << " vs published " << published
         << " (tolerance " << tol << ")";
}

}  // namespace civicsim::verification

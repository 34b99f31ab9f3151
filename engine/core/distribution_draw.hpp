// One draw from a named two-parameter distribution with a counter-based generator, shared by
// per-person heterogeneity and probabilistic sensitivity analysis so both read their parameters
// the same way: uniform [min, max], normal [mean, sd], lognormal [meanlog, sdlog], gamma [shape,
// scale], beta [alpha, beta]; and its quantiles (the range of a one-way sensitivity analysis).
#pragma once

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include "engine/core/random.hpp"

namespace civicsim {

enum class Distribution { kUniform, kNormal, kLognormal, kGamma, kBeta };

inline double draw_distribution(Distribution d, double a, double b, CounterRng& rng) {
  switch (d) {
    case Distribution::kUniform:
      return a + (b - a) * rng.uniform();
    case Distribution::kNormal:
      return boost::random::normal_distribution<double>(a, b)(rng);
    case Distribution::kLognormal:
      return boost::random::lognormal_distribution<double>(a, b)(rng);
    case Distribution::kGamma:
      return boost::random::gamma_distribution<double>(a, b)(rng);
    case Distribution::kBeta:
      return boost::random::beta_distribution<double>(a, b)(rng);
  }
  return a;
}

// The p-quantile (0 < p < 1) of the same distribution.
inline double distribution_quantile(Distribution d, double a, double b, double p) {
  switch (d) {
    case Distribution::kUniform:
      return a + (b - a) * p;
    case Distribution::kNormal:
      return boost::math::quantile(boost::math::normal_distribution<double>(a, b), p);
    case Distribution::kLognormal:
      return boost::math::quantile(boost::math::lognormal_distribution<double>(a, b), p);
    case Distribution::kGamma:
      return boost::math::quantile(boost::math::gamma_distribution<double>(a, b), p);
    case Distribution::kBeta:
      return boost::math::quantile(boost::math::beta_distribution<double>(a, b), p);
  }
  return a;
}

}  // namespace civicsim

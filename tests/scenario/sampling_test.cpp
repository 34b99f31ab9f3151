// The sampling fraction of a run (engine/scenario/sampling.hpp): population.scale for the synthetic
// population only, and the sentence `civicsim info` prints for it.
#include "engine/scenario/sampling.hpp"

#include <gtest/gtest.h>

namespace civicsim {
namespace {

using nlohmann::json;

TEST(Sampling, FractionIsTheScaleOfTheSyntheticPopulationOnly) {
  EXPECT_EQ(sampling_fraction(
                json::parse(R"({"population": {"source": "lcr_synthetic", "scale": 0.05}})")),
            0.05);
  EXPECT_EQ(sampling_fraction(json::parse(R"({"population": {"scale": 0.2}})")), 0.2);
  EXPECT_EQ(sampling_fraction(json::parse(R"({"population": {}})")), 1.0);  // the schema's default
  // A linked extract or a cohort is simulated as it is.
  EXPECT_EQ(
      sampling_fraction(json::parse(R"({"population": {"source": "linked", "scale": 0.05}})")),
      1.0);
  EXPECT_EQ(
      sampling_fraction(json::parse(R"({"population": {"source": "cohort", "scale": 0.05}})")),
      1.0);
  EXPECT_EQ(sampling_fraction(json::parse(R"({"name": "x"})")), std::nullopt);
  EXPECT_EQ(sampling_fraction(json::parse(R"({"population": {"scale": "big"}})")), std::nullopt);
  PopulationSettings linked;
  linked.source = PopulationSource::kLinked;
  linked.scale = 0.5;
  EXPECT_EQ(sampling_fraction(linked), 1.0);
  PopulationSettings sample;
  sample.scale = 0.25;
  EXPECT_EQ(sampling_fraction(sample), 0.25);
}

TEST(Sampling, TextSaysWhatTheTotalsAre) {
  EXPECT_EQ(
      sampling_text(0.05),
      "5% of the population (scale 0.05): totals in this file are about 1/20 of the whole "
      "population's; civicsim evaluate scales them up, and a scaled-up count of 1,000 carries "
      "a Monte Carlo standard error of about 141 (14.1%): the square root of the count divided "
      "by the fraction");
  EXPECT_EQ(sampling_text(0.3),
            "30% of the population (scale 0.3): totals in this file are about 1/3.33 of the whole "
            "population's; civicsim evaluate scales them up, and " +
                sampling_error_text(0.3));
  // sqrt(1000 / 0.3) = 57.7.
  EXPECT_NE(sampling_error_text(0.3).find("about 57.7 (5.77%)"), std::string::npos);
  EXPECT_EQ(sampling_text(0.0001),
            "0.01% of the population (scale 0.0001): totals in this file are about 1/10000 of the "
            "whole population's; civicsim evaluate scales them up, and " +
                sampling_error_text(0.0001));
  EXPECT_EQ(sampling_text(1.0),
            "the whole population (scale 1): totals in this file are the population's");
  EXPECT_EQ(sampling_text(2.0),
            "2 simulated persons per real person (scale 2): totals in this file are about 2 times "
            "the whole population's; civicsim evaluate scales them down");
}

}  // namespace
}  // namespace civicsim

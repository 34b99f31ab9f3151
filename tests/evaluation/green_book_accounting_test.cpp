// Green Book accounting of one option against its baseline, checked against hand computations:
// two years at 3.5% (costs) and 1.5% (health), an intervention with a 50% optimism-bias uplift,
// an induced cost, savings of each value kind and confidence grade, and QALYs at GBP 10,000.
#include "engine/evaluation/green_book_accounting.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace civicsim::evaluation {
namespace {

AccountingSettings settings() {
  AccountingSettings s;
  s.qaly_value = 10000;
  s.benefit_optimism_bias = default_benefit_optimism_bias();
  s.qaly_confidence_grade = 3;
  s.thresholds = {20000};
  return s;
}

AccountingInput worked_example() {
  AccountingInput in;
  in.interventions.push_back({"fix", "housing", 0.5, {100, 0}, {50, 0}});
  in.items.push_back({"care", "nhs", true, ValueKind::kFiscal, 2, false, {-40, -60}});
  in.items.push_back({"repairs", "housing", false, ValueKind::kFiscal, 3, false, {10, 10}});
  in.items.push_back({"wellbeing", "other", false, ValueKind::kEconomic, 1, false, {-20, 0}});
  in.items.push_back({"carers", "other", false, ValueKind::kSocial, 4, false, {0, -30}});
  in.qaly_differences = {0.01, 0.02};
  classify_cost_items(in, DiscountRates::constant(0.035, 0.015));
  return in;
}

TEST(GreenBookAccounting, WorkedExampleByHand) {
  const DiscountRates rates = DiscountRates::constant(0.035, 0.015);
  const AccountingInput in = worked_example();
  EXPECT_FALSE(in.items[0].is_cost);
  EXPECT_TRUE(in.items[1].is_cost);  // repairs rise: an induced cost, not a negative saving
  EXPECT_FALSE(in.items[2].is_cost);
  EXPECT_FALSE(in.items[3].is_cost);
  const GreenBookAppraisal a = green_book_appraisal(in, rates, settings());
  const double s1 = 40 + 60 / 1.035, induced = 10 + 10 / 1.035, s4 = 30 / 1.035;
  const double q = 0.01 + 0.02 / 1.015;
  EXPECT_NEAR(a.pv_intervention_cost, 150, 1e-12);
  EXPECT_NEAR(a.pv_optimism_bias, 75, 1e-12);
  EXPECT_NEAR(a.pv_induced_costs, induced, 1e-12);
  const double costs = 150 + 75 + induced;
  EXPECT_NEAR(a.pv_costs, costs, 1e-12);
  EXPECT_NEAR(a.pv_fiscal, 0.95 * s1, 1e-12);                   // grade 2: 5% off
  EXPECT_NEAR(a.pv_economic, 20, 1e-12);                        // grade 1: nothing off
  EXPECT_NEAR(a.pv_social, 0.85 * s4 + 0.9 * 10000 * q, 1e-9);  // grade 4: 15%; QALYs grade 3: 10%
  EXPECT_NEAR(a.pv_cashable, 0.95 * s1, 1e-12);
  EXPECT_NEAR(a.pv_non_cashable, 20, 1e-12);  // social value is neither
  EXPECT_NEAR(a.pv_benefit_optimism_bias, 0.05 * s1 + 0.15 * s4 + 0.1 * 10000 * q, 1e-9);
  const double benefits = 0.95 * s1 + 20 + 0.85 * s4 + 0.9 * 10000 * q;
  EXPECT_NEAR(a.pv_benefits, benefits, 1e-9);
  EXPECT_NEAR(a.npsv, benefits - costs, 1e-9);
  EXPECT_NEAR(a.npv_fiscal, 0.95 * s1 - costs, 1e-12);
  EXPECT_NEAR(a.bcr, benefits / costs, 1e-12);
  EXPECT_NEAR(a.bcr_fiscal, 0.95 * s1 / costs, 1e-12);
  EXPECT_NEAR(a.roi, (0.95 * s1 - costs) / costs, 1e-12);
  EXPECT_NEAR(a.net_cost, costs - 0.95 * s1 - 20, 1e-12);
  EXPECT_NEAR(a.qalys_gained, q, 1e-15);  // not reduced
  EXPECT_NEAR(a.nmb[0].nmb, 20000 * q - (costs - 0.95 * s1 - 20), 1e-9);
  EXPECT_NEAR(a.pv_savings_by_payer.at("nhs"), 0.95 * s1, 1e-12);
  // Cumulative fiscal: -197 in year 0 (38 saved, 225 + 10 spent), then +47 / 1.035: no payback.
  EXPECT_NEAR(a.cumulative_net_fiscal[0], -197, 1e-12);
  EXPECT_NEAR(a.cumulative_net_fiscal[1], -197 + 47 / 1.035, 1e-12);
  EXPECT_NEAR(a.cumulative_net_fiscal.back(), a.npv_fiscal, 1e-12);
  EXPECT_NEAR(a.cumulative_net_social.back(), a.npsv, 1e-9);
  EXPECT_FALSE(a.payback_year);
  // Each side's lines sum to its total.
  double cost_lines = 0, benefit_lines = 0;
  for (const AccountingLine& l : a.lines) (l.side == "cost" ? cost_lines : benefit_lines) += l.pv;
  EXPECT_NEAR(cost_lines, a.pv_costs, 1e-12);
  EXPECT_NEAR(benefit_lines, a.pv_benefits, 1e-9);
  ASSERT_EQ(a.lines.size(),
            2u + 1 + 2 * 3 + 2);  // intervention + uplift, induced, 3 savings, QALYs
  EXPECT_EQ(a.lines[2].kind, "induced");
  EXPECT_EQ(a.lines[3].kind, "saving");
  EXPECT_NEAR(a.lines[4].pv, -0.05 * s1, 1e-12);
  EXPECT_EQ(*a.lines[4].optimism_bias, 0.05);
  // By payer, undiscounted: housing pays 150 x 1.5 + 10 in year 0; the NHS saves 60, 57 after 5%.
  for (const PayerYear& p : a.by_payer) {
    if (p.payer == "housing") {
      EXPECT_NEAR(p.cost[0], 235, 1e-12);
      EXPECT_NEAR(p.intervention_cost[0], 225, 1e-12);
      EXPECT_NEAR(p.saving[0], -10, 1e-12);
    }
    if (p.payer == "nhs") {
      EXPECT_NEAR(p.benefit_cashable[1], 57, 1e-12);
      EXPECT_NEAR(p.saving[1], 60, 1e-12);
    }
  }
}

// Undiscounted: cumulative -40, 20, -10, 50: payback at the start of the last non-negative run.
TEST(GreenBookAccounting, PaybackIsTheStartOfTheFinalNonNegativeRun) {
  AccountingInput in;
  in.interventions.push_back({"fix", "housing", 0.0, {100, 0, 90, 0}, {0, 0, 0, 0}});
  in.items.push_back({"care", "nhs", true, ValueKind::kFiscal, 1, false, {-60, -60, -60, -60}});
  in.qaly_differences = {0, 0, 0, 0};
  const GreenBookAppraisal a = green_book_appraisal(in, DiscountRates::constant(0, 0), settings());
  EXPECT_EQ(a.cumulative_net_fiscal, (std::vector<double>{-40, 20, -10, 50}));
  EXPECT_EQ(a.payback_year, 3);
  in.interventions[0].unit_costs = {100, 0, 80, 0};  // cumulative 0 in year 2 counts as paid back
  EXPECT_EQ(green_book_appraisal(in, DiscountRates::constant(0, 0), settings()).payback_year, 1);
}

// The break-even price, in closed form, re-appraised: each figure is zero at its price.
TEST(GreenBookAccounting, BreakEvenPriceGivesZero) {
  const DiscountRates rates = DiscountRates::constant(0.035, 0.015);
  const AccountingInput in = worked_example();
  const AccountingSettings s = settings();
  const GreenBookAppraisal a = green_book_appraisal(in, rates, s);
  const std::vector<double> units = {2, 1};
  const BreakEvenPrices p = break_even_prices(in, a, "fix", units, rates, s);
  ASSERT_TRUE(p.npv_fiscal && p.npsv && p.nmb[0]);
  // By hand: U = 2 + 1/1.035, C = 100, uplift 1.5: price = (npv_fiscal + 150) / (1.5 U).
  EXPECT_NEAR(*p.npv_fiscal, (a.npv_fiscal + 150) / (1.5 * (2 + 1 / 1.035)), 1e-12);
  EXPECT_NEAR(
      green_book_appraisal(with_unit_price(in, "fix", units, *p.npv_fiscal), rates, s).npv_fiscal,
      0, 1e-9);
  EXPECT_NEAR(green_book_appraisal(with_unit_price(in, "fix", units, *p.npsv), rates, s).npsv, 0,
              1e-9);
  EXPECT_NEAR(
      green_book_appraisal(with_unit_price(in, "fix", units, *p.nmb[0]), rates, s).nmb[0].nmb, 0,
      1e-9);
  // Nobody reached: no price.
  const BreakEvenPrices none = break_even_prices(in, a, "fix", {0, 0}, rates, s);
  EXPECT_FALSE(none.npv_fiscal);
  EXPECT_FALSE(none.nmb[0]);
}

// Landlords pay for works (with a 50% uplift) and save their own repairs; the council pays a grant;
// owners pay a little more; the NHS saves. Two years at 25% for costs (D = 1, 0.8) and 0% for health.
// Private payers' costs count in the NPSV only, their savings as economic value; the fiscal figures
// are the public sector's alone. Every figure by hand.
AccountingInput landlords_example() {
  AccountingInput in;
  in.interventions.push_back({"works", "private_landlord", 0.5, {100, 0}, {0, 0}});
  in.interventions.push_back({"grant", "housing", 0.0, {0, 50}, {20, 0}});
  in.items.push_back(
      {"repairs", "private_landlord", true, ValueKind::kFiscal, 1, false, {-40, -50}});
  in.items.push_back({"care", "nhs", true, ValueKind::kFiscal, 2, false, {-10, -100}});
  in.items.push_back({"moves", "owner_occupier", false, ValueKind::kFiscal, 3, false, {5, 0}});
  in.qaly_differences = {0.01, 0.02};
  classify_cost_items(in, DiscountRates::constant(0.25, 0.0));
  return in;
}

AccountingSettings private_landlords_and_owners() {
  AccountingSettings s = settings();
  s.payer_sectors = {{"private_landlord", Sector::kPrivate}, {"owner_occupier", Sector::kPrivate}};
  return s;
}

TEST(GreenBookAccounting, PrivatePayersCountInTheSocialValueOnly) {
  const DiscountRates rates = DiscountRates::constant(0.25, 0.0);
  const AccountingInput in = landlords_example();
  const GreenBookAppraisal a = green_book_appraisal(in, rates, private_landlords_and_owners());
  // Costs: works 100 + 50 uplift (private), grant 20 + 50 x 0.8 = 60 (public), moves 5 (private).
  EXPECT_NEAR(a.pv_intervention_cost, 160, 1e-12);
  EXPECT_NEAR(a.pv_optimism_bias, 50, 1e-12);
  EXPECT_NEAR(a.pv_induced_costs, 5, 1e-12);
  EXPECT_NEAR(a.pv_costs, 215, 1e-12);
  EXPECT_NEAR(a.pv_costs_private, 155, 1e-12);
  EXPECT_NEAR(a.pv_costs_public, 60, 1e-12);
  // Benefits: the NHS's 10 + 100 x 0.8 = 90 less 5% (fiscal); the landlords' 40 + 50 x 0.8 = 80
  // (grade 1, economic although the category is fiscal); QALYs 0.03 x 10,000 less 10% (social).
  EXPECT_NEAR(a.pv_fiscal, 85.5, 1e-12);
  EXPECT_NEAR(a.pv_economic, 80, 1e-12);
  EXPECT_NEAR(a.pv_social, 270, 1e-9);
  EXPECT_NEAR(a.pv_benefits, 435.5, 1e-9);
  EXPECT_NEAR(a.pv_cashable, 165.5, 1e-12);
  EXPECT_NEAR(a.npsv, 220.5, 1e-9);        // 435.5 - 215: every payer
  EXPECT_NEAR(a.npv_fiscal, 25.5, 1e-12);  // 85.5 - 60: the public sector's
  EXPECT_NEAR(a.bcr, 4.675, 1e-12);        // (435.5 - 155) / 60
  EXPECT_NEAR(a.bcr_all_costs, 435.5 / 215, 1e-12);
  EXPECT_NEAR(a.bcr_fiscal, 1.425, 1e-12);  // 85.5 / 60
  EXPECT_NEAR(a.roi, 0.425, 1e-12);         // 25.5 / 60
  EXPECT_NEAR(a.net_cost, 49.5, 1e-12);     // 215 - 85.5 - 80: unchanged by sectors
  ASSERT_EQ(a.pv_savings_by_payer.size(), 2u);
  EXPECT_NEAR(a.pv_savings_by_payer.at("nhs"), 85.5, 1e-12);
  EXPECT_NEAR(a.pv_savings_by_payer.at("private_landlord"), 80, 1e-12);
  // Public purse: year 0 -20 + 9.5 = -10.5; year 1 (-50 + 95) x 0.8 = 36: pays back in year 1.
  EXPECT_NEAR(a.cumulative_net_fiscal[0], -10.5, 1e-12);
  EXPECT_NEAR(a.cumulative_net_fiscal[1], 25.5, 1e-12);
  EXPECT_EQ(a.payback_year, 1);
  // Everyone: year 0 -150 - 20 + 9.5 + 40 - 5 + 90 = -35.5; year 1 (-50 + 95 + 50) x 0.8 + 180.
  EXPECT_NEAR(a.cumulative_net_social[0], -35.5, 1e-9);
  EXPECT_NEAR(a.cumulative_net_social[1], 220.5, 1e-9);
  // Each line says whose money it is and how it counts.
  for (const AccountingLine& l : a.lines) {
    if (!l.payer) {
      EXPECT_FALSE(l.sector);
      continue;
    }
    const bool is_private = *l.payer != "housing" && *l.payer != "nhs";
    EXPECT_EQ(*l.sector, is_private ? Sector::kPrivate : Sector::kPublic) << *l.payer;
    if (l.value) {
      EXPECT_EQ(*l.value, is_private ? ValueKind::kEconomic : ValueKind::kFiscal);
    }
  }
  for (const PayerYear& p : a.by_payer)
    EXPECT_EQ(p.sector,
              p.payer == "housing" || p.payer == "nhs" ? Sector::kPublic : Sector::kPrivate);
}

// With every payer public (no sectors declared) the same input counts as it always did: the
// landlords' works against the public purse and their repairs as fiscal savings.
TEST(GreenBookAccounting, WithoutSectorsEveryPayerIsPublic) {
  const DiscountRates rates = DiscountRates::constant(0.25, 0.0);
  const GreenBookAppraisal a = green_book_appraisal(landlords_example(), rates, settings());
  EXPECT_EQ(a.pv_costs_private, 0.0);
  EXPECT_EQ(a.pv_costs_public, a.pv_costs);
  EXPECT_NEAR(a.pv_fiscal, 165.5, 1e-12);
  EXPECT_EQ(a.pv_economic, 0.0);
  EXPECT_NEAR(a.npsv, 220.5, 1e-9);
  EXPECT_NEAR(a.npv_fiscal, 165.5 - 215, 1e-12);
  EXPECT_EQ(a.bcr, a.bcr_all_costs);
  EXPECT_NEAR(a.bcr, 435.5 / 215, 1e-12);
  EXPECT_FALSE(a.payback_year);
  EXPECT_EQ(private_landlords_and_owners().sector_of("anyone_else"), Sector::kPublic);
}

// Break-even prices: a private payer's price moves the NPSV but not NPV fiscal (none); a public
// payer's moves both; an intervention paid by both shares its price as its costs are shared.
TEST(GreenBookAccounting, BreakEvenPricesKnowWhosePriceItIs) {
  const DiscountRates rates = DiscountRates::constant(0.25, 0.0);
  const AccountingSettings s = private_landlords_and_owners();
  AccountingInput in = landlords_example();
  const GreenBookAppraisal a = green_book_appraisal(in, rates, s);
  const BreakEvenPrices works = break_even_prices(in, a, "works", {2, 0}, rates, s);
  EXPECT_FALSE(works.npv_fiscal);
  ASSERT_TRUE(works.npsv);
  EXPECT_NEAR(*works.npsv, (220.5 + 150) / 3, 1e-12);  // U = 2, C = 100, uplift 1.5
  EXPECT_NEAR(
      green_book_appraisal(with_unit_price(in, "works", {2, 0}, *works.npsv), rates, s).npsv, 0,
      1e-9);
  const BreakEvenPrices grant = break_even_prices(in, a, "grant", {0, 1}, rates, s);
  ASSERT_TRUE(grant.npv_fiscal);
  EXPECT_NEAR(*grant.npv_fiscal, (25.5 + 40) / 0.8, 1e-12);  // U = 0.8, C = 40, no uplift
  EXPECT_NEAR(
      green_book_appraisal(with_unit_price(in, "grant", {0, 1}, *grant.npv_fiscal), rates, s)
          .npv_fiscal,
      0, 1e-9);
  // Shared: housing 30 and a private landlord 10 per unit in year 0; the public share is 3/4.
  in.interventions.push_back({"shared", "housing", 0.0, {30, 0}, {0, 0}});
  in.interventions.push_back({"shared", "private_landlord", 0.0, {10, 0}, {0, 0}});
  const GreenBookAppraisal b = green_book_appraisal(in, rates, s);
  const BreakEvenPrices shared = break_even_prices(in, b, "shared", {1, 0}, rates, s);
  ASSERT_TRUE(shared.npv_fiscal && shared.npsv);
  EXPECT_NEAR(*shared.npv_fiscal, (b.npv_fiscal + 30) / 0.75, 1e-12);
  EXPECT_NEAR(*shared.npsv, b.npsv + 40, 1e-12);
  const AccountingInput at_price = with_unit_price(in, "shared", {1, 0}, *shared.npv_fiscal);
  EXPECT_NEAR(at_price.interventions[2].unit_costs[0], 0.75 * *shared.npv_fiscal, 1e-12);
  EXPECT_NEAR(at_price.interventions[3].unit_costs[0], 0.25 * *shared.npv_fiscal, 1e-12);
  EXPECT_NEAR(green_book_appraisal(at_price, rates, s).npv_fiscal, 0, 1e-9);
  EXPECT_NEAR(
      green_book_appraisal(with_unit_price(in, "shared", {1, 0}, *shared.npsv), rates, s).npsv, 0,
      1e-9);
}

TEST(GreenBookAccounting, AQalyLossIsNotCorrectedAndBadInputIsNamed) {
  AccountingInput in;
  in.qaly_differences = {-0.01};
  in.qalys_are_benefit = false;
  const GreenBookAppraisal a = green_book_appraisal(in, DiscountRates::constant(0, 0), settings());
  EXPECT_NEAR(a.pv_social, -100, 1e-12);
  EXPECT_EQ(a.pv_benefit_optimism_bias, 0.0);
  EXPECT_TRUE(std::isnan(a.bcr));  // no costs
  in.items.push_back({"care", "nhs", true, ValueKind::kFiscal, 3, false, {1, 2}});
  try {
    green_book_appraisal(in, DiscountRates::constant(0, 0), settings());
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(
        e.what(),
        "evaluation::green_book_appraisal: cost item 'care' (nhs) has 2 years, expected 1");
  }
}

}  // namespace
}  // namespace civicsim::evaluation

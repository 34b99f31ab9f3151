#!/usr/bin/env python3
# Writes tests/report/sample_evaluation.json, the report tests' example evaluation document (the shape in
# outputs/report/README.md): four LCR options, every headline figure derived from the item-level yearly
# streams below (costs, optimism bias, savings by cost category and payer, QALYs), discounted as the
# Green Book does, so the sample's numbers agree with each other. The figures are illustrative, of
# realistic size; they are not model results.
#   python3 tests/report/make_sample_evaluation.py [OUT.json]
import json, math, random, sys
random.seed(15)
YEARS = [f"{2026+i}-{(27+i)%100:02d}" for i in range(10)]
R_COST, R_HEALTH = 0.035, 0.015
QALY_VALUE = 70000
OB_COSTS = {"standard_buildings": 0.24, "non_standard_buildings": 0.51, "standard_civil_engineering": 0.44,
            "non_standard_civil_engineering": 0.66, "equipment_development": 2.00, "outsourcing": 0.41}
OB_GRADE = {"1": 0.0, "2": 0.05, "3": 0.10, "4": 0.15, "5": 0.25, "6": 0.40}
THRESH = [20000, 30000, 70000]
REPS = 12
# Payers' sectors: the engine's defaults, but "other" is this sample's families and employers (private),
# whose only line is an economic saving; every cost is paid by a public payer, so the fiscal figures below
# count every cost.
SECTORS = {"nhs": "public", "council_childrens_services": "public", "housing": "public",
           "social_landlord": "private", "private_landlord": "private", "owner_occupier": "private",
           "other": "private"}
df = [1 / (1 + R_COST) ** t for t in range(10)]
dh = [1 / (1 + R_HEALTH) ** t for t in range(10)]
COUNCILS = ["Halton", "Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"]
CW = [0.09, 0.11, 0.33, 0.16, 0.12, 0.19]
QUINT = ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"]
QW = [0.38, 0.22, 0.17, 0.13, 0.10]
CATS = {  # id: label, payer, cashable, value, grade
  "placements": ("Care placements", "council_childrens_services", True, "fiscal", 2),
  "early_help_casework": ("Early help casework", "council_childrens_services", False, "fiscal", 3),
  "emergency_care": ("Emergency department attendances", "nhs", False, "fiscal", 2),
  "primary_care": ("GP appointments", "nhs", False, "fiscal", 3),
  "repairs": ("Responsive housing repairs", "housing", True, "fiscal", 3),
  "school_days": ("Parents' working days lost", "other", False, "economic", 4),
}
INTERVENTIONS = {
  "damp_mould_remediation": ("Damp and mould remediation", "homes treated", "standard_buildings", "housing", 3434.0),
  "damp_sensors": ("Damp and humidity sensors", "homes fitted with sensors", "equipment_development", "housing", 185.0),
  "early_help_expansion": ("Earlier family help", "families helped", "outsourcing", "council_childrens_services", 3900.0),
}
def ramp(total, start, rise):  # yearly undiscounted stream rising to a plateau
  w = [0 if t < start else min(1.0, (t - start + 1) / rise) for t in range(10)]
  s = sum(w); return [total * x / s for x in w]
def front(total, years):
  return [total / years if t < years else 0.0 for t in range(10)]

# Per option: interventions (id, units per year list), induced items, savings items, qalys per year.
def option_damp(scale=1.0):
  units = [1056, 1056, 1056, 1056, 1056, 0, 0, 0, 0, 0]
  return {"interventions": [("damp_mould_remediation", units)],
          "induced": [], "savings": [("repairs", ramp(2.10e6, 0, 3)), ("emergency_care", ramp(0.52e6, 1, 3)),
                                     ("primary_care", ramp(0.31e6, 1, 3)), ("school_days", ramp(0.64e6, 1, 3))],
          "qalys": ramp(16.8, 1, 3)}
def option_sensors():
  o = option_damp()
  o["interventions"] = [("damp_sensors", [6400, 6400, 0, 0, 0, 0, 0, 0, 0, 0]),
                        ("damp_mould_remediation", [1240, 1240, 1240, 1240, 1240, 0, 0, 0, 0, 0])]
  o["savings"] = [("repairs", ramp(2.55e6, 0, 3)), ("emergency_care", ramp(0.60e6, 1, 3)),
                  ("primary_care", ramp(0.36e6, 1, 3)), ("school_days", ramp(0.74e6, 1, 3))]
  o["qalys"] = ramp(19.6, 1, 3)
  return o
def option_family():
  return {"interventions": [("early_help_expansion", [620, 620, 620, 620, 620, 620, 620, 620, 620, 620])],
          "induced": [("early_help_casework", ramp(6.2e6, 0, 2))],
          "savings": [("placements", ramp(58.0e6, 1, 4))], "qalys": [0.0] * 10}
def option_combined():
  a, b = option_damp(), option_family()
  return {"interventions": a["interventions"] + b["interventions"], "induced": b["induced"],
          "savings": a["savings"] + b["savings"], "qalys": a["qalys"]}
OPTIONS = [
  ("lcr_damp_remediation", "Damp and mould remediation", option_damp(),
   "Housing providers treat damp and mould in 5,280 homes with children over five years, from April 2026.",
   "Each home costs £3,434 (council tender prices, 2023-24, in 2024 prices); the repair lasts ten years."),
  ("lcr_sensors_with_remediation", "Damp sensors with remediation", option_sensors(),
   "Sensors in 12,800 social homes flag damp early; flagged homes are treated as in the remediation option.",
   "A sensor costs £185 fitted; 19% of fitted homes are flagged and treated over five years."),
  ("lcr_earlier_family_help", "Earlier family help", option_family(),
   "Each council's early-help teams take on 620 more families a year, reaching families at emerging need.",
   "A family costs £3,900 (contracted provider). Early help lowers escalation to care to 0.68 of its rate."),
  ("lcr_combined", "Damp remediation and earlier family help", option_combined(),
   "The damp remediation programme and the earlier family help expansion together.",
   "As in the two options; they are assumed not to interact."),
]
def iv(mean, cv, n=REPS):
  if mean is None: return {"mean": None, "low": None, "high": None}
  half = abs(mean) * cv + (0 if mean else 0)
  return {"mean": round(mean, 2), "low": round(mean - 1.96 * half, 2), "high": round(mean + 1.96 * half, 2)}
def pv(stream, d=df): return sum(x * f for x, f in zip(stream, d))

doc = {
  "title": "Damp, asthma and early help in the Liverpool City Region",
  "question": "What would damp remediation, damp sensors and earlier family help cost, who would pay and save, "
              "and what would change for children, compared with no new programme?",
  "generated": "2026-12-06",
  "settings": {
    "discounting": "green_book", "cost_rate": R_COST, "health_rate": R_HEALTH, "price_year": "2024",
    "price_basis": "All money is in 2024 prices: each cost was converted from the price year of its source to 2024 "
                   "with HM Treasury's GDP deflator.",
    "thresholds": THRESH, "replications": REPS, "horizon_years": 10, "start": "2019-07",
    "appraisal": {"start": "2026-04", "years": 10, "financial_years": True, "year_labels": YEARS,
                  "warm_up_from": "2019-07"},
    "sampling": {"fraction": 0.05, "scale_up": 20.0,
                 "text": "A 5% sample of the population was simulated; every total is scaled up 20 times to the "
                         "whole population of the Liverpool City Region."},
    "qaly_value": QALY_VALUE,
    "optimism_bias": {"costs": OB_COSTS, "benefits_by_confidence_grade": OB_GRADE, "qaly_confidence_grade": 3},
    "payer_sectors": SECTORS,
    "ranges": {"min_replications": 10, "shown": True, "includes": "monte_carlo",
               "text": "Ranges in brackets are 95% intervals over 12 replications: they show how much chance "
                       "alone moves each figure (Monte Carlo variation), not uncertainty in the input numbers."}},
  "disclosure": {"threshold": None, "rule": ""},
  "baseline": {"name": "lcr_baseline", "label": "No new programme",
               "description": "The Liverpool City Region from mid-2019 with services as they are today.",
               "assumptions": "Service capacities stay at 2024 levels; demand grows with the population.",
               "file": "results/lcr_baseline.h5"},
  "labels": {
    "scenarios": {"lcr_baseline": "No new programme", **{o[0]: o[1] for o in OPTIONS}},
    "payers": {"nhs": "NHS", "council_childrens_services": "Council children's services", "housing": "Housing",
               "other": "Other (families and employers)"},
    "outcomes": {
      "asthma.events.attack": "Asthma attacks", "asthma.events.emergency_admission": "Emergency asthma admissions",
      "asthma.events.gp_visit": "GP visits for asthma", "asthma.events.school_day_lost": "School days lost to asthma",
      "asthma.years_in.uncontrolled": "Years with uncontrolled asthma", "damp.years_in.yes": "Years in a damp home",
      "need.events.enters_care": "Children entering care",
      "need.years_in.looked_after_foster": "Years in foster care",
      "need.years_in.looked_after_residential": "Years in residential care",
      "early_help.served": "Families given early help"},
    "cost_categories": {k: v[0] for k, v in CATS.items()},
    "interventions": {k: v[0] for k, v in INTERVENTIONS.items()},
    "metrics": {"npsv": "Net present social value", "npv_fiscal": "Net present value to the public purse",
                "bcr": "Benefit-cost ratio"}},
  "options": [], "frontier": [], "ceac": [],
  "sources": [
    "HM Treasury (2022). The Green Book: central government guidance on appraisal and evaluation. "
    "https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-in-central-government",
    "HM Treasury (2013). Green Book supplementary guidance: optimism bias.",
    "HM Treasury and New Economy (2014). Supporting public service transformation: cost benefit analysis guidance "
    "for local partnerships."]}

OUT_SPECS = [  # outcome id, unit, per-option avoided totals (damp, sensors, family, combined), baseline
  ("asthma.events.attack", "events", [1841, 2150, 0, 1841], 61240),
  ("asthma.events.emergency_admission", "admissions", [212, 247, 0, 212], 4410),
  ("asthma.events.school_day_lost", "days", [5630, 6580, 0, 5630], 183500),
  ("asthma.years_in.uncontrolled", "person-years", [388, 452, 0, 388], 44100),
  ("damp.years_in.yes", "person-years", [21400, 25100, 0, 21400], 712000),
  ("need.events.enters_care", "children", [0, 0, 214, 214], 6120),
  ("need.years_in.looked_after_residential", "person-years", [0, 0, 96, 96], 9800),
  ("need.years_in.looked_after_foster", "person-years", [0, 0, 312, 312], 41800),
]
summary = {}
for oi, (name, label, spec, desc, assum) in enumerate(OPTIONS):
  acc, by = [], {}
  def add_year(payer, key, stream):
    for t, x in enumerate(stream):
      row = by.setdefault((t, payer), {"cost": 0.0, "benefit_cashable": 0.0, "benefit_non_cashable": 0.0})
      row[key] += x
  pv_int = pv_ob = pv_ind = 0.0
  fiscal_y = [0.0] * 10; cost_y = [0.0] * 10; econ_y = [0.0] * 10
  reach = []
  for iid, units in spec["interventions"]:
    ilabel, unit_label, cat, payer, price = INTERVENTIONS[iid]
    ob = OB_COSTS[cat]
    stream = [u * price for u in units]
    p = pv(stream); pv_int += p; pv_ob += p * ob
    acc.append({"side": "cost", "kind": "intervention", "item": iid, "payer": payer, "sector": SECTORS[payer], "cashable": None, "value": None,
                "confidence_grade": None, "optimism_bias": None, "pv": iv(p, 0.004)})
    acc.append({"side": "cost", "kind": "optimism_bias", "item": iid, "payer": payer, "sector": SECTORS[payer], "cashable": None, "value": None,
                "confidence_grade": None, "optimism_bias": ob, "pv": iv(p * ob, 0.004)})
    add_year(payer, "cost", [x * (1 + ob) for x in stream])
    cost_y = [a + b * (1 + ob) for a, b in zip(cost_y, stream)]
    reach.append((iid, ilabel, unit_label, units, stream, ob, p))
  for cat, stream in spec["induced"]:
    clabel, payer, cashable, value, grade = CATS[cat]
    p = pv(stream); pv_ind += p
    acc.append({"side": "cost", "kind": "induced", "item": cat, "payer": payer, "sector": SECTORS[payer], "cashable": cashable, "value": value,
                "confidence_grade": grade, "optimism_bias": None, "pv": iv(p, 0.03)})
    add_year(payer, "cost", stream)
    cost_y = [a + b for a, b in zip(cost_y, stream)]
  pv_f = pv_e = pv_cash = pv_noncash = pv_bob = 0.0
  savings_by_payer = {}
  for cat, stream in spec["savings"]:
    clabel, payer, cashable, value, grade = CATS[cat]
    ob = OB_GRADE[str(grade)]
    gross = pv(stream); net = gross * (1 - ob)
    acc.append({"side": "benefit", "kind": "saving", "item": cat, "payer": payer, "sector": SECTORS[payer], "cashable": cashable, "value": value,
                "confidence_grade": grade, "optimism_bias": None, "pv": iv(gross, 0.09)})
    if ob > 0:
      acc.append({"side": "benefit", "kind": "benefit_optimism_bias", "item": cat, "payer": payer, "sector": SECTORS[payer], "cashable": cashable,
                  "value": value, "confidence_grade": grade, "optimism_bias": ob, "pv": iv(-gross * ob, 0.09)})
    pv_bob += gross * ob
    if value == "fiscal": pv_f += net; fiscal_y = [a + b * (1 - ob) for a, b in zip(fiscal_y, stream)]
    else: pv_e += net; econ_y = [a + b * (1 - ob) for a, b in zip(econ_y, stream)]
    if cashable: pv_cash += net
    else: pv_noncash += net
    savings_by_payer[payer] = savings_by_payer.get(payer, 0.0) + net
    add_year(payer, "benefit_cashable" if cashable else "benefit_non_cashable", [x * (1 - ob) for x in stream])
  q = pv(spec["qalys"], dh)
  qob = OB_GRADE["3"]
  pv_s = q * QALY_VALUE * (1 - qob)
  if q > 0:
    acc.append({"side": "benefit", "kind": "qalys", "item": "qalys", "payer": None, "sector": None, "cashable": None, "value": "social",
                "confidence_grade": 3, "optimism_bias": None, "pv": iv(q * QALY_VALUE, 0.12)})
    acc.append({"side": "benefit", "kind": "benefit_optimism_bias", "item": "qalys", "payer": None, "sector": None, "cashable": None,
                "value": "social", "confidence_grade": 3, "optimism_bias": qob, "pv": iv(-q * QALY_VALUE * qob, 0.12)})
  pv_bob += q * QALY_VALUE * qob
  pv_costs = pv_int + pv_ob + pv_ind
  pv_ben = pv_f + pv_e + pv_s
  net_cost = pv_costs - pv_f - pv_e
  npsv = pv_ben - pv_costs; npvf = pv_f - pv_costs
  if q > 1e-9 and net_cost > 0: status, icer = "more_costly_more_effective", net_cost / q
  elif q > 1e-9: status, icer = "dominant", None
  elif net_cost < 0: status, icer = "dominant", None   # cheaper, no health change: treated as dominant
  else: status, icer = "dominated", None
  # payback: discounted cumulative fiscal net, and social net
  social_y = [x * QALY_VALUE * (1 - qob) for x in spec["qalys"]]
  cum_f = cum_s = 0.0; payback = []
  for t in range(10):
    cum_f += (fiscal_y[t] - cost_y[t]) * df[t]
    cum_s += (fiscal_y[t] + econ_y[t] - cost_y[t]) * df[t] + social_y[t] * dh[t]
    payback.append({"year": YEARS[t], "cumulative_net_fiscal": round(cum_f, 2), "cumulative_net_social": round(cum_s, 2)})
  pb = None
  for t in range(10):
    if all(p["cumulative_net_fiscal"] >= 0 for p in payback[t:]): pb = YEARS[t]; break
  hl = {"pv_costs": iv(pv_costs, 0.004), "pv_intervention_cost": iv(pv_int, 0.004), "pv_optimism_bias": iv(pv_ob, 0.004),
        "pv_induced_costs": iv(pv_ind, 0.03), "pv_costs_public": iv(pv_costs, 0.004),
        "pv_costs_private": iv(0.0, 0.0), "pv_benefits": iv(pv_ben, 0.09), "pv_cashable": iv(pv_cash, 0.09),
        "pv_non_cashable": iv(pv_noncash, 0.09), "pv_fiscal": iv(pv_f, 0.09), "pv_economic": iv(pv_e, 0.09),
        "pv_social": iv(pv_s, 0.12), "pv_benefit_optimism_bias": iv(pv_bob, 0.09), "npsv": iv(npsv, 0.0),
        "npv_fiscal": iv(npvf, 0.0), "bcr": iv(pv_ben / pv_costs, 0.06),
        "bcr_all_costs": iv(pv_ben / pv_costs, 0.06), "bcr_fiscal": iv(pv_f / pv_costs, 0.07),
        "roi": iv(npvf / pv_costs, 0.0), "net_cost": iv(net_cost, 0.0), "qalys_gained": iv(q, 0.12),
        "icer": iv(icer, 0.12) if icer is not None else iv(None, 0), "icer_status": status,
        "payback_year": {"mean": pb, "low": None, "high": None}}
  for k in ("npsv", "npv_fiscal", "net_cost", "roi"):
    spread = 0.09 * pv_f + 0.004 * pv_costs
    if k == "roi": spread /= pv_costs
    m = hl[k]["mean"]; hl[k] = {"mean": m, "low": round(m - 1.96 * spread, 4 if k == "roi" else 2),
                                "high": round(m + 1.96 * spread, 4 if k == "roi" else 2)}
  for t in THRESH:
    m = t * q - net_cost; s = 0.09 * pv_f + 0.12 * t * q
    hl[f"nmb_{t}"] = {"mean": round(m, 2), "low": round(m - 1.96 * s, 2), "high": round(m + 1.96 * s, 2)}
  z = npsv / max(1.0, 1.96 * (0.09 * pv_f + 0.004 * pv_costs) / 1.96)
  hl["p_npsv_positive"] = {"mean": round(min(1, max(0, 0.5 + 0.5 * math.erf(z / math.sqrt(2)))), 2), "low": None, "high": None}
  z = npvf / max(1.0, 0.09 * pv_f + 0.004 * pv_costs)
  hl["p_roi_positive"] = {"mean": round(min(1, max(0, 0.5 + 0.5 * math.erf(z / math.sqrt(2)))), 2), "low": None, "high": None}
  hl["intervention_cost"] = hl["pv_costs"]; hl["npv"] = hl["npv_fiscal"]
  hl["savings_total"] = iv(pv_f + pv_e, 0.09)
  for payer in ("nhs", "council_childrens_services", "housing", "other"):
    hl[f"savings_{payer}"] = iv(savings_by_payer.get(payer, 0.0), 0.09)
  by_year = []
  for t in range(10):
    for payer in ("nhs", "council_childrens_services", "housing", "other"):
      r = by.get((t, payer), {"cost": 0.0, "benefit_cashable": 0.0, "benefit_non_cashable": 0.0})
      by_year.append({"year": YEARS[t], "payer": payer, "sector": SECTORS[payer], "cost": round(r["cost"], 2),
                      "benefit_cashable": round(r["benefit_cashable"], 2),
                      "benefit_non_cashable": round(r["benefit_non_cashable"], 2),
                      "intervention_cost": round(r["cost"], 2),
                      "saving": round(r["benefit_cashable"] + r["benefit_non_cashable"], 2)})
  # reach, whole region and per council; break-even price per unit before optimism bias
  reach_rows = []
  for iid, ilabel, unit_label, units, stream, ob, p in reach:
    total_units = sum(units); cost = sum(stream) * (1 + ob); price = stream[0] / units[0] if units[0] else INTERVENTIONS[iid][4]
    own = p * (1 + ob); others = pv_costs - own
    def be(target_benefit):
      v = price * (target_benefit - others) / own
      return round(v, 2) if v > 0 else None
    bep = {"npv_fiscal": be(pv_f), "npsv": be(pv_ben)}
    for t in THRESH: bep[f"icer_{t}"] = be(t * q + pv_f + pv_e)
    reach_rows.append({"intervention": iid, "label": ilabel, "unit_label": unit_label, "dimension": "all", "group": "LCR",
                       "units": iv(total_units, 0.0), "cost": iv(cost, 0.004), "cost_per_unit": iv(cost / total_units, 0.004),
                       "break_even_price": bep, "suppressed": False})
    for c, w in zip(COUNCILS, CW):
      u = round(total_units * w); cc = cost * w
      reach_rows.append({"intervention": iid, "label": ilabel, "unit_label": unit_label, "dimension": "council", "group": c,
                         "units": iv(u, 0.0), "cost": iv(cc, 0.004), "cost_per_unit": iv(cc / u, 0.004),
                         "break_even_price": {"npv_fiscal": None, "npsv": None, **{f"icer_{t}": None for t in THRESH}},
                         "suppressed": False})
  cpo, outcomes, obg = [], [], []
  for oid, unit, avoided, base in OUT_SPECS:
    a = avoided[oi]
    if a > 0:
      cpo.append({"outcome": oid, "unit": unit, "avoided": iv(a, 0.08),
                  "net_cost_per_avoided": round(net_cost / a, 2), "suppressed": False})
    outcomes.append({"outcome": oid, "unit": unit, "mean": -a, "low": round(-a * 1.16, 1), "high": round(-a * 0.84, 1),
                     "baseline": base, "suppressed": False})
    if oid in ("asthma.events.attack", "need.events.enters_care"):
      for dim, groups, ws in (("imd_quintile", QUINT, QW), ("council", COUNCILS, CW)):
        for g, w in zip(groups, ws):
          m = -a * w
          obg.append({"dimension": dim, "group": g, "outcome": oid, "unit": unit, "mean": round(m, 1),
                      "low": round(m * 1.2, 1), "high": round(m * 0.8, 1), "baseline": round(base * w, 1), "suppressed": False})
  over_time = []
  for oid, unit, avoided, base in OUT_SPECS:
    if oid == "asthma.years_in.uncontrolled": continue
    a = avoided[oi]
    for k in range(40):  # quarterly, April 2026 on
      y, m = 2026 + (3 + 3 * k) // 12, (3 + 3 * k) % 12 + 1
      shape = min(1.0, k / 8.0)
      per_q = -a / 40.0 * shape * 1.6 if a else 0.0
      if oid.startswith("damp") or "years_in" in oid: per_q = -a / 40 * shape * 1.2
      val = round(per_q, 2)
      band = abs(val) * 0.3 + 0.5
      over_time.append({"date": f"{y}-{m:02d}", "outcome": oid, "mean": val, "low": round(val - band, 2), "high": round(val + band, 2)})
  equity = []
  for dim, groups, ws in (("imd_quintile", QUINT, QW), ("council", COUNCILS, CW)):
    for g, w in zip(groups, ws):
      nc = net_cost * w; qq = q * w
      equity.append({"dimension": dim, "group": g, "net_cost": iv(nc, 0.1), "qalys_gained": iv(qq, 0.15),
                     **{f"nmb_{t}": iv(t * qq - nc, 0.1) for t in THRESH}})
  ce = [{"replication": r + 1, "d_cost": round(net_cost + random.gauss(0, 0.045 * pv_f + 1), 2),
         "d_qaly": round(q * (1 + random.gauss(0, 0.06)), 3)} for r in range(REPS)]
  one_way = []
  if spec["interventions"][0][0] != "early_help_expansion":
    base_npv = npvf
    one_way.append({"parameter": "/interventions/damp_mould_remediation/cost/per_unit/housing",
                    "label": "Remediation cost per home (GBP, 2019 prices), from the lowest to the highest council tender in 2023-24",
                    "base_value": 3434.0, "value_low": 1717.0, "value_high": 6868.0,
                    "metrics": {"npv": {"base": base_npv, "low": base_npv + 0.5 * pv_int, "high": base_npv - pv_int}}})
    one_way.append({"parameter": "/processes/asthma/events/0/modifiers/0/rate_ratio",
                    "label": "Damp's effect on asthma attacks (rate ratio)", "base_value": 1.5, "value_low": 1.3, "value_high": 1.86,
                    "metrics": {"npv": {"base": base_npv, "low": base_npv - 0.4 * pv_f * 0.2, "high": base_npv + 0.7 * pv_f * 0.2}}})
  if any(i[0] == "early_help_expansion" for i in spec["interventions"]):
    one_way.append({"parameter": "/processes/need/transitions/3/rate_ratio",
                    "label": "Effect of early help on escalation to care (rate ratio)", "base_value": 0.68, "value_low": 0.5, "value_high": 0.9,
                    "metrics": {"npv": {"base": npvf, "low": npvf + 0.45 * pv_f, "high": npvf - 0.55 * pv_f}}})
  mc_se = 0.045 * pv_f / math.sqrt(REPS) + 1000
  doc["options"].append({
    "name": name, "label": label, "description": desc, "assumptions": assum, "file": f"results/{name}.h5",
    "headline": hl, "accounting": acc, "by_year": by_year, "payback": payback, "reach": reach_rows,
    "cost_per_outcome": cpo,
    "mc_error": {"npsv_se": round(mc_se, 2), "method": "replications",
                 "text": f"Chance alone moves the average net present social value by about " +
                         (f"£{mc_se/1e6:.1f}m" if mc_se >= 1e6 else f"£{round(mc_se, -3):,.0f}") + " (one standard error over the 12 replications)."},
    "outcomes": outcomes, "outcomes_by_group": obg, "over_time": over_time, "equity": equity,
    "one_way": one_way, "ce_draws": ce})
  summary[name] = (net_cost, q, label)
# frontier on net cost (totals relative to the baseline), NICE rules
pts = [("lcr_baseline", 0.0, 0.0)] + [(n, summary[n][0], summary[n][1]) for n in summary]
pts.sort(key=lambda p: (p[1], -p[2]))
status = {n: "on_frontier" for n, _, _ in pts}
for n, c, qq in pts:
  for m, c2, q2 in pts:
    if m != n and c2 <= c and q2 >= qq and (c2 < c or q2 > qq): status[n] = "dominated"
front = [p for p in pts if status[p[0]] == "on_frontier"]
changed = True
while changed:
  changed = False
  for i in range(1, len(front) - 1):
    a, b, c = front[i - 1], front[i], front[i + 1]
    if (b[1] - a[1]) / max(1e-9, b[2] - a[2]) > (c[1] - b[1]) / max(1e-9, c[2] - b[2]):
      status[b[0]] = "extendedly_dominated"; front.pop(i); changed = True; break
lab = lambda n: "No new programme" if n == "lcr_baseline" else summary[n][2]
for n, c, qq in pts:
  row = {"option": n, "cost": round(c, 2), "qalys": round(qq, 3), "status": status[n], "icer": None}
  if status[n] == "on_frontier":
    i = [p[0] for p in front].index(n)
    if i > 0:
      prev = front[i - 1]
      row["icer"] = round((c - prev[1]) / (qq - prev[2]), 2) if qq > prev[2] else None
      row["icer_label"] = "Against " + lab(prev[0])
  doc["frontier"].append(row)
# CEAC over strategies (baseline included): share of replications with the highest NMB
names = ["lcr_baseline"] + list(summary)
for lam in range(0, 150001, 10000):
  wins = {n: 0 for n in names}
  draws = {o["name"]: o["ce_draws"] for o in doc["options"]}
  for r in range(REPS):
    nmb = {"lcr_baseline": 0.0}
    for n in summary: nmb[n] = lam * draws[n][r]["d_qaly"] - draws[n][r]["d_cost"]
    wins[max(nmb, key=nmb.get)] += 1
  for n in names: doc["ceac"].append({"option": n, "lambda": lam, "p": round(wins[n] / REPS, 4)})

# Each arm on its own (illustrative absolute levels; the options' differences are their net costs and
# QALYs above), the incremental table by the same rules per person, and a yearly trace of one process.
PERSONS = 1614850
BASE = {"costs": (9.673e9, 8.420e9), "qalys": (16225548.0, 15187860.0), "life_years": (16235421.0, 15197167.0)}
doc["settings"]["convention"] = {"state_rewards": "half_cycle", "cycle_zero": False, "discount_time": "year",
                                 "cycles": 10, "cycle_years": 1.0,
                                 "text": "state rewards by the half-cycle correction; everything of an appraisal "
                                         "year discounted from the year's start"}
doc["arms"] = []
arm_totals = {}
for n in names:
  d_cost, d_q = (0.0, 0.0) if n == "lcr_baseline" else summary[n][:2]
  arm_totals[n] = (BASE["costs"][1] + d_cost, BASE["qalys"][1] + d_q)
  for measure, (undisc, disc) in BASE.items():
    for discounted in (False, True):
      extra = (d_cost if measure == "costs" else d_q if measure == "qalys" else 0.0) * (1.0 if discounted else 1.12)
      total = (disc if discounted else undisc) + extra
      iv_total = {"mean": round(total, 2), "low": round(total * 0.995, 2), "high": round(total * 1.005, 2)}
      doc["arms"].append({"arm": n, "label": lab(n), "measure": measure, "discounted": discounted,
                          "per_person": {k: round(v / PERSONS, 6) for k, v in iv_total.items()},
                          "total": iv_total, "persons": PERSONS})
pp = sorted(((n, c / PERSONS, q / PERSONS) for n, (c, q) in arm_totals.items()), key=lambda p: (p[1], -p[2]))
doc["incremental"] = []
front_names = [p[0] for p in front]
for n, c, q in pp:
  row = {"arm": n, "label": lab(n), "cost": round(c, 4), "qalys": round(q, 6), "status": status[n],
         "compared_with": None, "incremental_cost": None, "incremental_qalys": None, "icer": None,
         "dominated_by": []}
  if status[n] == "on_frontier" and front_names.index(n) > 0:
    prev = front_names[front_names.index(n) - 1]
    pc, pq = arm_totals[prev][0] / PERSONS, arm_totals[prev][1] / PERSONS
    row.update({"compared_with": prev, "incremental_cost": round(c - pc, 4),
                "incremental_qalys": round(q - pq, 8), "icer": round((c - pc) / (q - pq), 2)})
  elif status[n] == "dominated":
    row["dominated_by"] = [m for m, c2, q2 in pp if m != n and c2 <= c and q2 >= q][:1]
  elif status[n] == "extendedly_dominated":
    i = max(k for k, m in enumerate(front_names) if arm_totals[m][0] < arm_totals[n][0])
    row["dominated_by"] = front_names[i:i + 2]
  doc["incremental"].append(row)
doc["trace"] = []
for n in names:
  fewer = 0.0 if n == "lcr_baseline" else 0.04
  for t in range(11):
    uncontrolled = round(7950 * (1 - 0.05 * t) * (1 - fewer * min(t, 3) / 3))
    controlled = round(21550 * (1 - 0.04 * t))
    for state, count in (("none", 296000 - controlled - uncontrolled), ("controlled", controlled),
                         ("uncontrolled", uncontrolled)):
      doc["trace"].append({"arm": n, "process": "asthma", "state": state, "cycle": t,
                           "date": f"{2026 + t}-04", "count": count, "share": round(count / 296000, 6)})
# No process labels: the outcomes' fallback words stay "... (asthma)", as the tests expect.
doc["labels"]["states"] = {"asthma.none": "No asthma", "asthma.controlled": "Controlled asthma",
                           "asthma.uncontrolled": "Uncontrolled asthma"}
NOT_COUNTED = {"lcr_damp_remediation": ["Adults in the home: only children's asthma is modelled.",
                                        "Excess cold: admissions and excess winter deaths."],
               "lcr_earlier_family_help": ["Children's quality of life while in need or in care."]}
for o in doc["options"]:
  if o["name"] in NOT_COUNTED: o["not_counted"] = NOT_COUNTED[o["name"]]

def compact(obj, level=0):
  one = json.dumps(obj, ensure_ascii=False)
  if len(one) <= 150 or not isinstance(obj, (dict, list)):
    return one
  pad = " " * (level + 1)
  if isinstance(obj, dict):
    items = [pad + json.dumps(k, ensure_ascii=False) + ": " + compact(v, level + 1) for k, v in obj.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * level + "}"
  return "[\n" + ",\n".join(pad + compact(v, level + 1) for v in obj) + "\n" + " " * level + "]"
out = sys.argv[1] if len(sys.argv) > 1 else "tests/report/sample_evaluation.json"
open(out, "w", encoding="utf-8").write(compact(doc) + "\n")

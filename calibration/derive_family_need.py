#!/usr/bin/env python3
"""Derives the default family-need / children's social care model of scenarios/lcr/baseline.json
from the DfE tables in data/lcr/ and the published figures of docs/evidence/PARAMETERS.md (section B),
and writes it into baseline.json (the "need" process and the services it uses), so every number
there can be reproduced:

    python3 calibration/derive_family_need.py            # rewrites scenarios/lcr/baseline.json
    python3 calibration/derive_family_need.py --print    # prints the derivation only

Rates are per child-year. The observed stocks and flows (LCR, year to 31 March 2025, per 10,000
children aged 0-17) fix the rates out of the statutory states exactly at equilibrium; the rates
before them (emerging need, identification, early help) are assumptions stated below, with the
onset of emerging need solved so that children in need start at the observed rate.
"""
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "lcr"
COUNCILS = ["Halton", "Knowsley", "Liverpool", "Sefton", "St. Helens", "Wirral"]
CHILD_BANDS = ["0", "1-4", "5-10", "11-15", "16-17"]
ADULT_BANDS = ["18-24", "25-34", "35-49", "50-64", "65-79", "80+"]


def rows(name):
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f))


def by_council(table, year, column):
    return {r["la_name"]: float(r[column]) for r in rows(table)
            if r["time_period"] == str(year) and r["geographic_level"] == "Local authority"}


def summary(year, measure):
    return {r["area"]: float(r["number"]) for r in rows("lcr_dfe_csc_summary_2021_2025.csv")
            if r["year"] == str(year) and r["measure"] == measure and r["area"] in COUNCILS}


children_2019 = by_council("lcr_ons_mye_children_0_17_la_2012_2024.csv", 2019, "population_estimate")
children_2025 = {r["area"]: float(r["pop_0_17"]) for r in rows("lcr_dfe_csc_summary_2021_2025.csv")
                 if r["year"] == "2025" and r["area"] in COUNCILS and r["measure"] == "cla_at_31_march"}
K = sum(children_2025.values()) / 1e4  # LCR children, in tens of thousands

# ---- observed LCR flows and stocks, 2024-25 (per 10,000 children)
cin_stock = sum(summary(2025, "cin_at_31_march").values()) / K         # incl. CPP and CLA
cpp_stock = sum(summary(2025, "cpp_at_31_march").values()) / K
cla_stock = sum(summary(2025, "cla_at_31_march").values()) / K
cla_starts = sum(summary(2025, "cla_started_in_year").values()) / K
cla_ceased = sum(summary(2025, "cla_ceased_in_year").values()) / K
cin_starts = sum(by_council("lcr_dfe_children_in_need_b1_2013_2025.csv", 2025, "Started_child").values()) / K
cpp_starts = sum(by_council("lcr_dfe_child_protection_plans_subsequent_d3_2013_2025.csv", 2025, "CPP_start").values()) / K
referrals = by_council("lcr_dfe_cin_referrals_c1_2013_2025.csv", 2025, "referral_count")
cla_starts_by_council = summary(2025, "cla_started_in_year")

# ---- assumptions (no published figure in the evidence base; calibration targets)
VIA_PROTECTION = 0.4   # share of entries to care from a child protection plan (rest from CIN)
EMERGING_RESOLVES = 1.0  # per year: an emerging need left alone resolves in a year on average
IDENTIFIED = 1.0       # per year: mean time to identification of an emerging need, one year
ESCALATES = 0.5        # per year: referral to children's social care from emerging need
EARLY_HELP_MONTHS = 9  # mean length of an early-help episode
EARLY_HELP_RR = 0.68   # escalation while in early help: Troubled Families 2015-20 (B5)
FOSTER_SHARE = 0.88    # foster care 67% + other family-based placements 21% of CLA (B3)
CHILDREN_PER_FAMILY = 1.72  # children 0-17 per household with children, LCR synthetic population
EARLY_HELP_CAPACITY_SHARE = 0.9  # teams can start 90% of the baseline identified demand

# ---- statutory states: exact rates from the stocks and flows
cin_only = cin_stock - cpp_stock - cla_stock
to_cla_from_cp = VIA_PROTECTION * cla_starts
to_cla_from_cin = (1 - VIA_PROTECTION) * cla_starts
cp_to_cla = to_cla_from_cp / cpp_stock
cp_exit = cpp_starts / cpp_stock
cp_to_cin = cp_exit - cp_to_cla
cin_to_cp = cpp_starts / cin_only
cin_to_cla = to_cla_from_cin / cin_only
cin_close = (cin_starts + cp_to_cin * cpp_stock - cpp_starts - to_cla_from_cin) / cin_only
# Leaving care other than at 18: the observed exit rate less ageing out, which the age structure
# of the stock gives: about a ninth of the stock is 17 (older entry profile, B3), leaving each year.
AGEING_OUT = 0.11
cla_exit = cla_ceased / cla_stock - AGEING_OUT

# ---- entry-age profile of care (England 2024/25, B3): per year of age, relative to the mean
share = {"<1": (0.16, 1), "1-4": (0.14, 4), "5-9": (0.15, 5), "10-15": (0.27, 6), "16+": (0.28, 2)}
per_year = {k: s / n / (1 / 18) for k, (s, n) in share.items()}
entry_age_ratio = {"0": per_year["<1"], "1-4": per_year["1-4"],
                   "5-10": (5 * per_year["5-9"] + per_year["10-15"]) / 6,
                   "11-15": per_year["10-15"], "16-17": per_year["16+"]}

# ---- deprivation gradient of need (CWIP, B6): x1.33 per IMD decile step, mean 1 over LCR children
decile = {r["lsoa11_code"]: int(r["imd_decile"]) for r in rows("lcr_iod2019_lsoa_ranks_deciles.csv")}
council_of = {r["lsoa11_code"]: r["lad19_name"] for r in rows("lcr_lsoa11_geography.csv")}
kids = defaultdict(float)  # (council, decile) -> children mid-2019
for r in rows("lcr_population_mid2019_lsoa11_syoa_persons.csv"):
    kids[(council_of[r["lsoa11_code"]], decile[r["lsoa11_code"]])] += sum(float(r[f"age_{a}"]) for a in range(18))
total_kids = sum(kids.values())
raw = {d: 1.33 ** (10 - d) for d in range(1, 11)}
mean_raw = sum(k * raw[d] for (c, d), k in kids.items()) / total_kids
gradient = {d: raw[d] / mean_raw for d in range(1, 11)}

# ---- emerging need and early help: onset solved for the observed CIN starts
eh_exit = 12 / EARLY_HELP_MONTHS
eh_escalates = EARLY_HELP_RR * ESCALATES
emerging_out = EMERGING_RESOLVES + IDENTIFIED + ESCALATES


def equilibrium(onset):
    """Shares (emerging, early help) for a child with this onset rate, the rest as observed."""
    free = 1 - cin_stock / 1e4
    # none -> emerging at `onset`; emerging/early help drain as above; solved per unit of 'free'.
    e_per_none = onset / emerging_out
    h_per_none = e_per_none * IDENTIFIED / eh_exit
    none = free / (1 + e_per_none + h_per_none)
    return none * e_per_none, none * h_per_none


def cin_starts_model(onset_lcr):
    starts = 0.0
    for (c, d), k in kids.items():
        e, h = equilibrium(onset_lcr * gradient[d])
        starts += k * (ESCALATES * e + eh_escalates * h)
    return starts / total_kids * 1e4


lo, hi = 0.0, 2.0
for _ in range(60):
    mid = (lo + hi) / 2
    (lo, hi) = (mid, hi) if cin_starts_model(mid) < cin_starts else (lo, mid)
onset = (lo + hi) / 2

identified_by_council = defaultdict(float)
for (c, d), k in kids.items():
    e, _ = equilibrium(onset * gradient[d])
    identified_by_council[c] += k * e * IDENTIFIED
early_help_capacity = {c: round(EARLY_HELP_CAPACITY_SHARE * identified_by_council[c]) for c in COUNCILS}

# ---- initial states mid-2019: DfE stocks at 31 March 2019 (CLA: 2021, the first year in data/lcr)
cin19 = by_council("lcr_dfe_children_in_need_b1_2013_2025.csv", 2019, "At31_episodes")
cpp19 = by_council("lcr_dfe_child_protection_plans_at31march_d5_2013_2025.csv", 2019, "CPP_At31")
cla21 = summary(2021, "cla_at_31_march")
children_2021 = {r["area"]: float(r["pop_0_17"]) for r in rows("lcr_dfe_csc_summary_2021_2025.csv")
                 if r["year"] == "2021" and r["area"] in COUNCILS and r["measure"] == "cla_at_31_march"}
initial = {
    "child_protection": {c: cpp19[c] / children_2019[c] for c in COUNCILS},
    "looked_after_foster": {c: FOSTER_SHARE * cla21[c] / children_2021[c] for c in COUNCILS},
    "looked_after_residential": {c: (1 - FOSTER_SHARE) * cla21[c] / children_2021[c] for c in COUNCILS},
}
initial["child_in_need"] = {c: cin19[c] / children_2019[c] - initial["child_protection"][c]
                            - cla21[c] / children_2021[c] for c in COUNCILS}
initial_emerging = {d: equilibrium(onset * gradient[d])[0] for d in range(1, 11)}
initial_early_help = {d: equilibrium(onset * gradient[d])[1] for d in range(1, 11)}

r4 = lambda x: float(f"{x:.4g}")
derivation = {
    "observed LCR 2024-25 per 10k": {"CIN stock": cin_stock, "CPP stock": cpp_stock, "CLA stock": cla_stock,
                                     "CIN starts": cin_starts, "CPP starts": cpp_starts,
                                     "CLA starts": cla_starts, "CLA ceased": cla_ceased},
    "rates per year": {"cin->none": cin_close, "cin->cp": cin_to_cp, "cin care entry": cin_to_cla,
                       "cp->cin": cp_to_cin, "cp care entry": cp_to_cla, "care exit": cla_exit,
                       "none->emerging (LCR mean)": onset, "early help exit": eh_exit},
    "entry age ratio": entry_age_ratio, "gradient": gradient,
    "early help capacity": early_help_capacity,
}

SRC_B2 = "DfE children looked after / children in need / child protection statistics, LCR councils, year to 31 March 2025 (data/lcr/lcr_dfe_*.csv; docs/evidence/PARAMETERS.md B2); derived by calibration/derive_family_need.py"


def child_table(values_by_child_band, adult=0.0):
    out = {b: values_by_child_band(b) for b in CHILD_BANDS}
    out.update({b: adult for b in ADULT_BANDS})
    return out


def by_age_then(key, table):
    return {"by": ["age_band", key], "values": child_table(lambda b: table)}


def age_out(state):
    return {"from": state, "to": "none", "rate_per_year": 1000, "if": "age >= 18",
            "source": "Leaves the children's model at 18 (a modelling device: probability about 1 within the step)."}


entry_modifiers = [{"if": f"age_band == '{b}'", "rate_ratio": r4(entry_age_ratio[b]),
                    "source": "Age at entry to care, England 2024/25: <1 16%, 1-4 14%, 5-9 15%, 10-15 27%, 16+ 28% (docs/evidence/PARAMETERS.md B3), per year of age relative to the mean over 0-17"}
                   for b in CHILD_BANDS]

need = {
    "description": "Family need and children's social care for children aged 0-17: no additional need, emerging need, early help, child in need, child protection plan, looked after (foster or other family-based placement, residential). Needs are identified with a probability; identified needs wait for an early-help team; unidentified or unserved needs escalate to a referral to children's social care. Each child is modelled on its own (siblings are not linked).",
    "source": "Derived by calibration/derive_family_need.py from DfE tables in data/lcr/ and docs/evidence/PARAMETERS.md section B; assumptions named on each value.",
    "states": ["none", "emerging", "early_help", "child_in_need", "child_protection",
               "looked_after_foster", "looked_after_residential"],
    "groups": {"looked_after": ["looked_after_foster", "looked_after_residential"],
               "statutory": ["child_in_need", "child_protection", "looked_after_foster", "looked_after_residential"]},
    "initial": {
        **{s: {"by": ["age_band", "council"], "values": child_table(lambda b, s=s: {c: r4(initial[s][c]) for c in COUNCILS}),
               "source": f"{'CLA at 31 March 2021 (the first year in data/lcr) x placement share' if s.startswith('looked') else 'At 31 March 2019, per child aged 0-17 (ONS mid-2019)'}; {SRC_B2}. Same share at every child age (assumption)."}
           for s in ["child_in_need", "child_protection", "looked_after_foster", "looked_after_residential"]},
        "emerging": {"by": ["age_band", "imd_decile"], "values": child_table(lambda b: {str(d): r4(initial_emerging[d]) for d in range(1, 11)}),
                     "source": "Equilibrium share of the emerging-need part of the model at the onset rate of each decile (calibration/derive_family_need.py)."},
        "early_help": {"by": ["age_band", "imd_decile"], "values": child_table(lambda b: {str(d): r4(initial_early_help[d]) for d in range(1, 11)}),
                       "source": "Equilibrium share of the early-help part of the model at the onset rate of each decile (calibration/derive_family_need.py)."},
    },
    "transitions": [
        {"from": "none", "to": "emerging", "if": "age < 18",
         "rate_per_year": {"by": ["imd_decile"], "values": {str(d): r4(onset * gradient[d]) for d in range(1, 11)},
                           "source": f"Onset {onset:.4f} per child-year over LCR children, solved so that children in need start at the observed LCR rate ({cin_starts:.0f} per 10,000 a year, DfE 2024-25, B2), times the Child Welfare Inequalities Project gradient x1.33 per IMD decile step (docs/evidence/PARAMETERS.md B6, recommended default 13), normalised to mean 1 over LCR children."},
         "modifiers": [
             {"if": "household.overcrowded == 'yes'", "rate_ratio": 1.23,
              "source": "Cant et al., Child Abuse & Neglect 2019;93:239-248 (Western Australia linked data, 524,478 children): overcrowding raised the adjusted hazard of maltreatment allegations by 23-46%; the lower end taken."},
             {"if": "household.poor_condition == 'yes'", "rate_ratio": 1.23,
              "source": "Assumption: the same size as overcrowding. Chandler et al., Trauma Violence Abuse 2022 (systematic review, 21 US studies): inadequate or physically risky housing is associated with maltreatment reports and placements, without a pooled estimate."}]},
        {"from": "emerging", "to": "none", "rate_per_year": EMERGING_RESOLVES,
         "source": "Assumption: an emerging need that is neither identified nor escalated resolves in a year on average. No published figure; a calibration target."},
        {"from": "early_help", "to": "none", "rate_per_year": r4(eh_exit - eh_escalates),
         "source": f"Assumption: an early-help episode lasts {EARLY_HELP_MONTHS} months on average (Troubled Families and intensive family support run 6-12 months, docs/evidence/PARAMETERS.md B4); the rest of the exit rate is escalation."},
        {"from": "child_in_need", "to": "none", "rate_per_year": r4(cin_close),
         "source": f"Case closed: CIN starts + CPP ends - CPP starts - entries to care from CIN, over the CIN-only stock (LCR 2024-25); {SRC_B2}"},
        {"from": "child_in_need", "to": "child_protection", "rate_per_year": r4(cin_to_cp),
         "source": f"CPP starts / CIN-only stock (LCR 2024-25: {cpp_starts:.1f} and {cin_only:.1f} per 10,000); {SRC_B2}"},
        {"from": "child_protection", "to": "child_in_need", "rate_per_year": r4(cp_to_cin),
         "source": f"Plans end: CPP starts / CPP stock (mean plan {12 / cp_exit:.1f} months) less entries to care from a plan; {SRC_B2}"},
        {"from": "looked_after_foster", "to": "none", "rate_per_year": r4(cla_exit),
         "source": f"Ceased to be looked after / CLA stock (LCR 2024-25: {cla_ceased:.1f} / {cla_stock:.1f} per 10,000) less {AGEING_OUT} a year leaving at 18, which the model does by age (assumption); {SRC_B2}"},
        {"from": "looked_after_residential", "to": "none", "rate_per_year": r4(cla_exit),
         "source": "As foster care (assumption: no duration by placement type in the evidence base)."},
        *[age_out(s) for s in ["emerging", "early_help", "child_in_need", "child_protection",
                               "looked_after_foster", "looked_after_residential"]],
    ],
    "events": [
        {"name": "identified", "in": ["emerging"], "if": "age < 18", "rate_per_year": IDENTIFIED,
         "service": "early_help",
         "source": "Assumption: an emerging need is identified (by schools, health visitors, the family itself) in a year on average; identification asks the council's early-help team. No published figure; the lever of the earlier-family-help option."},
        {"name": "referral", "in": ["emerging", "early_help"], "if": "age < 18", "rate_per_year": ESCALATES,
         "service": "assessment",
         "modifiers": [{"if": "need == 'early_help'", "rate_ratio": EARLY_HELP_RR,
                        "source": "Troubled Families 2015-20: looked after 1.7% vs 2.5% of matched comparison families (RR 0.68; docs/evidence/PARAMETERS.md B5, recommended default 15)."}],
         "source": "Assumption: an unmet emerging need escalates to a referral to children's social care at 0.5 a year; the onset rate is solved against the observed CIN starts given it."},
        {"name": "enters_care", "in": ["child_in_need", "child_protection"], "if": "age < 18",
         "rate_per_year": {"by": ["need"], "values": {"none": 0.0, "emerging": 0.0, "early_help": 0.0,
                                                      "child_in_need": r4(cin_to_cla), "child_protection": r4(cp_to_cla),
                                                      "looked_after_foster": 0.0, "looked_after_residential": 0.0},
                           "source": f"Entries to care (LCR 2024-25, {cla_starts:.1f} per 10,000 a year; B2), {VIA_PROTECTION:.0%} from a child protection plan (assumption), over the CIN-only and CPP stocks."},
         "modifiers": entry_modifiers,
         "service": "foster_placement",
         "source": "A child entering care asks for a foster (or other family-based) placement; one the council cannot find that month goes to a residential placement."},
    ],
    "cost_per_year": {
        "looked_after_foster": {"council_childrens_services": round(646 * 52.18), "category": "placements",
                                "source": "Foster care all-in GBP 646 a week x 52.18 (PSSRU 2017 prices; docs/evidence/PARAMETERS.md B4, recommended default 14)"},
        "looked_after_residential": {"council_childrens_services": 318400, "category": "placements",
                                     "source": "Children's home place GBP 318,400 a year (NAO 2025, England 2023-24; docs/evidence/PARAMETERS.md B4)"},
    },
}

services = {
    "early_help": {
        "description": "Council early-help teams: a family whose emerging need is identified waits for a worker; not started within 3 months, the request lapses and the need stays unmet.",
        "capacity_per_year": {"by": ["council"], "values": early_help_capacity,
                              "source": f"Assumption: {EARLY_HELP_CAPACITY_SHARE:.0%} of the identified demand of the baseline at equilibrium (no published early-help capacity by council); calibration/derive_family_need.py"},
        "max_wait_months": 3,
        "cost_per_service": {"council_childrens_services": round(5214 / CHILDREN_PER_FAMILY), "category": "early_help",
                             "source": f"Troubled Families phase 1: GBP 5,214 per family intervention (DCLG 2015; docs/evidence/PARAMETERS.md B4) / {CHILDREN_PER_FAMILY} children per family with children (LCR synthetic population)"},
        "on_served": [{"process": "need", "from": ["emerging"], "to": "early_help"}],
    },
    "assessment": {
        "description": "Children's social care assessments: a referred child who is assessed becomes a child in need. Capacity as the referrals councils received; cost not in the evidence base (social-work time is a GAP).",
        "capacity_per_year": {"by": ["council"], "values": {c: referrals[c] for c in COUNCILS},
                              "source": "Referrals received per council, 2024-25 (DfE CIN census C1, data/lcr/lcr_dfe_cin_referrals_c1_2013_2025.csv)"},
        "max_wait_months": 2,
        "on_served": [{"process": "need", "from": ["emerging", "early_help"], "to": "child_in_need"}],
    },
    "foster_placement": {
        "description": "Foster and other family-based placements that can be found per year; a child who needs care when none can be found that month is placed in a residential home.",
        "capacity_per_year": {"by": ["council"], "values": {c: round(FOSTER_SHARE * cla_starts_by_council[c], 1) for c in COUNCILS},
                              "source": f"Entries to care per council 2024-25 x {FOSTER_SHARE} family-based placement share (DfE; docs/evidence/PARAMETERS.md B2, B3): assumption that the observed share reflects what councils can find."},
        "max_wait_months": 0,
        "on_served": [{"process": "need", "from": ["child_in_need", "child_protection"], "to": "looked_after_foster"}],
        "on_lapsed": [{"process": "need", "from": ["child_in_need", "child_protection"], "to": "looked_after_residential"}],
    },
}

if "--print" in sys.argv:
    print(json.dumps(derivation, indent=1))
    sys.exit(0)
path = ROOT / "scenarios" / "lcr" / "baseline.json"
doc = json.loads(path.read_text())
doc["processes"]["need"] = need
doc["services"] = services
path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(json.dumps(derivation, indent=1))

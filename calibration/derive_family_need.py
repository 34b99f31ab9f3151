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
# Placements as the region supplies them: England's looked-after children by placement at
# 1 September 2024 (FOI to 150 councils, sufficiency.org.uk; docs/evidence/PARAMETERS.md B8, S):
# in-house foster 27.9%, agency (IFA) foster 24.8%, kinship 15.6%, children's homes 11.4% and secure
# 0.1% (residential), supported accommodation 9.8%, placed with parents 6.0%, other 3.3% and
# unregulated 1.0% (other). No LCR or council mix is published in data/lcr (a GAP): the same mix in
# every council. Entries are assumed to take placements in the stock's mix (every placement lasts
# as long on average, as the exit rates below assume).
MIX = {"inhouse_foster": 27.9, "agency_foster": 24.8, "kinship": 15.6, "residential": 11.5, "other": 20.1}
MIX = {k: v / sum(MIX.values()) for k, v in MIX.items()}
FOSTER_SHARE = MIX["inhouse_foster"] + MIX["agency_foster"]  # entries asking for a foster carer
# Pre-proceedings (the Public Law Outline letter before care proceedings): the population the family
# group conference trial enrolled (Taylor et al. 2024, B10: in care at 12 months 44.8% of the
# control arm). Entries to care from a plan are assumed to pass through it; its mean length is an
# assumption (6 months); the split of its exits is solved so that 44.8% are in care within a year.
PP_EXIT = 2.0          # per year: mean time in pre-proceedings 6 months (assumption)
PP_IN_CARE_12M = 0.448  # Taylor et al. 2024 control arm (B10)
CHILDREN_PER_FAMILY = 1.72  # children 0-17 per household with children, LCR synthetic population
EARLY_HELP_CAPACITY_SHARE = 0.9  # teams can start 90% of the baseline identified demand

# ---- statutory states: exact rates from the stocks and flows
cin_only = cin_stock - cpp_stock - cla_stock
to_cla_from_cp = VIA_PROTECTION * cla_starts
to_cla_from_cin = (1 - VIA_PROTECTION) * cla_starts
# Plans: the observed plan stock holds the plan-only state and pre-proceedings. Pre-proceedings
# exits to care at pp_care and back to the plan at pp_back, with P(care within 12 months) = 0.448.
pp_care = PP_IN_CARE_12M * PP_EXIT / (1 - math.exp(-PP_EXIT))
pp_back = PP_EXIT - pp_care
pp_stock = to_cla_from_cp / pp_care
cp_only = cpp_stock - pp_stock
pp_share = pp_stock / cpp_stock
cp_to_pp = pp_stock * PP_EXIT / cp_only  # inflow balances outflow (returns included)
cp_exit = cpp_starts / cpp_stock
cp_to_cin = (cpp_starts - to_cla_from_cp) / cp_only
cin_to_cp = cpp_starts / cin_only
cin_to_cla = to_cla_from_cin / cin_only
cin_close = (cin_starts + (cpp_starts - to_cla_from_cp) - cpp_starts - to_cla_from_cin) / cin_only
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
    "child_protection": {c: (1 - pp_share) * cpp19[c] / children_2019[c] for c in COUNCILS},
    "pre_proceedings": {c: pp_share * cpp19[c] / children_2019[c] for c in COUNCILS},
    **{f"looked_after_{k}": {c: MIX[k] * cla21[c] / children_2021[c] for c in COUNCILS} for k in MIX},
}
initial["child_in_need"] = {c: cin19[c] / children_2019[c] - cpp19[c] / children_2019[c]
                            - cla21[c] / children_2021[c] for c in COUNCILS}
initial_emerging = {d: equilibrium(onset * gradient[d])[0] for d in range(1, 11)}
initial_early_help = {d: equilibrium(onset * gradient[d])[1] for d in range(1, 11)}

r4 = lambda x: float(f"{x:.4g}")
derivation = {
    "observed LCR 2024-25 per 10k": {"CIN stock": cin_stock, "CPP stock": cpp_stock, "CLA stock": cla_stock,
                                     "CIN starts": cin_starts, "CPP starts": cpp_starts,
                                     "CLA starts": cla_starts, "CLA ceased": cla_ceased},
    "rates per year": {"cin->none": cin_close, "cin->cp": cin_to_cp, "cin care entry": cin_to_cla,
                       "cp->cin": cp_to_cin, "cp->pre-proceedings": cp_to_pp,
                       "pre-proceedings->care": pp_care, "pre-proceedings->cp": pp_back, "care exit": cla_exit,
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


PLACEMENTS = list(MIX)  # inhouse_foster, agency_foster, kinship, residential, other
LOOKED_AFTER = [f"looked_after_{k}" for k in PLACEMENTS]
CHILD_STATES = ["emerging", "early_help", "child_in_need", "child_protection", "pre_proceedings", *LOOKED_AFTER]
STATUTORY = ["child_in_need", "child_protection", "pre_proceedings", *LOOKED_AFTER]
ENTRY_FROM = ["child_in_need", "pre_proceedings"]
PLACED_FROM = ["none", "child_in_need", "child_protection", "pre_proceedings"]
MIX_SRC = ("England's looked-after children by placement, 1 September 2024 (FOI to 150 councils, "
           "sufficiency.org.uk; docs/evidence/PARAMETERS.md B8, S): in-house foster 27.9%, agency foster 24.8%, "
           "kinship 15.6%, children's homes and secure 11.5%, supported accommodation, placed with parents, "
           "other and unregulated 20.1%, normalised over 99.9%")

# ---- social-work time (docs/evidence/PARAMETERS.md B9): hours are assumptions (GAP: Holmes 2021
# Appendix B not readable); the hour is PSSRU's children's social worker per hour of client-related
# work, GBP 55 at 2013/14 prices (New Economy Unit Cost Database, quoting PSSRU 2014).
SW_HOUR = 55
SW_HOUR_SRC = ("children's social worker GBP 55 per hour of client-related work, 2013/14 prices (PSSRU Unit "
               "Costs of Health and Social Care 2014 via the New Economy Unit Cost Database; docs/evidence/PARAMETERS.md B9)")
SW_HOURS = {"assessment": 20, "child_in_need": 36, "child_protection": 96, "pre_proceedings": 120, "care_review": 24}
# ---- wellbeing (CHU-9D, UK tariff; Furber & Segal, HQLO 2015, Table 7; B11): community 11-17 0.85,
# children in CAMHS 0.803. No utility by need or care state is published (GAP): the statutory states
# are assumed to carry the CAMHS-level loss relative to the community, 0.803 / 0.85, and emerging
# need and early help half of it; a multiplier on the child's other utilities.
U_STATUTORY = round(0.803 / 0.85, 4)
U_EMERGING = round(1 - (1 - 0.803 / 0.85) / 2, 4)
U_SRC = ("CHU-9D (UK tariff), Furber & Segal, HQLO 2015, Table 7 (docs/evidence/PARAMETERS.md B11): community "
         "11-17 year olds 0.85, children in CAMHS 0.803")
# ---- outcomes commissioners count (DfE Outcomes for children in need, including children looked
# after; docs/evidence/PARAMETERS.md B7, England): overall absence 2022/23 CINO 17.6%, CLA 8.3% of
# sessions (the school year 190 days); KS4 2023/24 grade 4+ in English and maths CINO 18.9%, CLA
# 18.1% (CPPO suppressed: taken as CINO); care leavers aged 19-21 NEET 40% (DfE 2017, S).
SCHOOL_DAYS = 190
ABSENCE = {"cin": 0.176, "cla": 0.083}
BELOW_GRADE4 = {"cin": 1 - 0.189, "cla": 1 - 0.181}
NEET_CARE_LEAVERS = 0.40
# Pupils with one or more suspensions, and permanently excluded, in 2018/19 (the last year before
# school closures), England: children in need (excl. plans and CLA), on a plan, looked after 12 months
# (DfE Outcomes for children in need, including children looked after; B13).
SUSPENDED = {"cin": 0.1034, "cpp": 0.1252, "cla": 0.1132}
EXCLUDED = {"cin": 0.0075, "cpp": 0.0105, "cla": 0.0011}
CONVICTED_CLA = 0.02  # looked-after children aged 10-17 convicted or cautioned a year, 2022 (B13)


def by_school_group(rate):
    """A rate by need state from one per DfE group: children in need, on a plan (pre-proceedings
    taken as a plan; a plan taken as a child in need where DfE gives no plan figure) and looked
    after; 0 outside them."""
    def of(s):
        if s.startswith("looked"):
            return rate["cla"]
        if s in ("child_protection", "pre_proceedings"):
            return rate.get("cpp", rate["cin"])
        return rate["cin"] if s == "child_in_need" else 0.0
    return {s: of(s) for s in ["none", *CHILD_STATES, "care_leaver"]}

entry_modifiers = [{"if": f"age_band == '{b}'", "rate_ratio": r4(entry_age_ratio[b]),
                    "source": "Age at entry to care, England 2024/25: <1 16%, 1-4 14%, 5-9 15%, 10-15 27%, 16+ 28% (docs/evidence/PARAMETERS.md B3), per year of age relative to the mean over 0-17"}
                   for b in CHILD_BANDS]
entry_cin_modifiers = [dict(m, **{"if": f"need == 'child_in_need' && {m['if']}"}) for m in entry_modifiers]


def entry_rate(share):
    """Entry rate from child in need and pre-proceedings for placements with this share of entries."""
    return {"by": ["need"], "values": {s: (r4(cin_to_cla * share) if s == "child_in_need" else
                                           r4(pp_care * share) if s == "pre_proceedings" else 0.0)
                                       for s in ["none", *CHILD_STATES, "care_leaver"]},
            "source": f"Entries to care (LCR 2024-25, {cla_starts:.1f} per 10,000 a year; B2): {1 - VIA_PROTECTION:.0%} from child in need over its stock, {VIA_PROTECTION:.0%} (assumption) from a plan through pre-proceedings at {pp_care:.3f} a year; x {share:.3f} of entries ({MIX_SRC})."}


def age_out(state, to="none"):
    return {"from": state, "to": to, "rate_per_year": 1000, "if": "age >= 18",
            "source": "Leaves the children's model at 18 (a modelling device: probability about 1 within the step)"
                      + (": a child looked after at 18 becomes a care leaver." if to != "none" else ".")}


def sw_cost(hours, what):
    return {"council_childrens_services": hours * SW_HOUR, "price_year": 2014, "category": "social_work",
            "source": f"Assumption: {hours} hours of social-work time {what} (no published time use readable: Holmes 2021 Appendix B is a GAP, docs/evidence/PARAMETERS.md B9) x {SW_HOUR_SRC}."}


need = {
    "label": "Children's needs and social care",
    "description": "Family need and children's social care for children aged 0-17: no additional need, emerging need, early help, child in need, child protection plan, pre-proceedings (a plan where the council has started the Public Law Outline), looked after by placement (in-house foster, agency foster, kinship, residential, other), and care leavers aged 18-20. Needs are identified with a probability; identified needs wait for an early-help team; unidentified or unserved needs escalate to a referral to children's social care. Each child is modelled on its own (siblings are not linked).",
    "source": f"Derived by calibration/derive_family_need.py from DfE tables in data/lcr/ and docs/evidence/PARAMETERS.md section B; assumptions named on each value. Utility (a multiplier on the child's other utilities): {U_SRC}; no figure by need or care state is published (GAP), so every statutory state takes 0.803 / 0.85 = {U_STATUTORY} and emerging need and early help half the loss, {U_EMERGING} (assumption; one-way 0.58-1.0).",
    "states": ["none", *CHILD_STATES, "care_leaver"],
    "state_labels": {"none": "No additional need", "emerging": "Emerging need", "early_help": "Receiving early help",
                     "child_in_need": "Children in need", "child_protection": "Children on a child protection plan",
                     "pre_proceedings": "Children on a plan in pre-proceedings",
                     "looked_after_inhouse_foster": "Children in in-house foster care",
                     "looked_after_agency_foster": "Children in agency (IFA) foster care",
                     "looked_after_kinship": "Children in kinship care",
                     "looked_after_residential": "Children in residential care",
                     "looked_after_other": "Children in other placements (supported accommodation, with parents, other)",
                     "care_leaver": "Care leavers aged 18-20"},
    "groups": {"looked_after": LOOKED_AFTER, "foster": LOOKED_AFTER[:2], "protection": ["child_protection", "pre_proceedings"],
               "statutory": STATUTORY},
    "initial": {
        **{s: {"by": ["age_band", "council"], "values": child_table(lambda b, s=s: {c: r4(initial[s][c]) for c in COUNCILS}),
               "source": (f"CLA at 31 March 2021 (the first year in data/lcr) x the placement's share ({MIX_SRC})" if s.startswith('looked')
                          else f"Plans at 31 March 2019 per child aged 0-17 (ONS mid-2019) x {pp_share if s == 'pre_proceedings' else 1 - pp_share:.3f}, the equilibrium share of plans in {'pre-proceedings' if s == 'pre_proceedings' else 'the plan-only state'}" if s in ("child_protection", "pre_proceedings")
                          else "At 31 March 2019, per child aged 0-17 (ONS mid-2019), less plans and CLA") + f"; {SRC_B2}. Same share at every child age (assumption)."}
           for s in ["child_in_need", "child_protection", "pre_proceedings", *LOOKED_AFTER]},
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
         "source": f"Plans end: (CPP starts - entries to care from a plan) / plan-only stock (LCR 2024-25; mean plan {12 / cp_exit:.1f} months); {SRC_B2}"},
        {"from": "child_protection", "to": "pre_proceedings", "rate_per_year": r4(cp_to_pp), "modifiers": entry_modifiers,
         "source": f"Plans entering pre-proceedings: the pre-proceedings stock ({pp_stock:.1f} per 10,000 = entries to care from a plan / {pp_care:.3f}) x its exit rate {PP_EXIT} a year / the plan-only stock ({cp_only:.1f}); by the age profile of entry to care. {SRC_B2}"},
        {"from": "pre_proceedings", "to": "child_protection", "rate_per_year": r4(pp_back),
         "source": f"Assumption: pre-proceedings lasts 6 months on average ({PP_EXIT} a year out), split so that {PP_IN_CARE_12M:.1%} of families are in care within 12 months, the control arm of the family group conference trial (Taylor et al. 2024; docs/evidence/PARAMETERS.md B10); the rest return to the plan."},
        *[{"from": s, "to": f"looked_after_{k}", "rate_per_year": entry_rate(MIX[k]), "modifiers": entry_cin_modifiers,
           "source": f"A child entering care whose needs call for a {k} placement (placement type by need at the stock's mix, assumption)."}
          for s in ENTRY_FROM for k in ["kinship", "residential", "other"]],
        *[{"from": s, "to": "none", "rate_per_year": r4(cla_exit),
           "source": (f"Ceased to be looked after / CLA stock (LCR 2024-25: {cla_ceased:.1f} / {cla_stock:.1f} per 10,000) less {AGEING_OUT} a year leaving at 18, which the model does by age (assumption); {SRC_B2}"
                      if s == LOOKED_AFTER[0] else "As in-house foster care (assumption: no duration by placement type in the evidence base, so entries and the stock share one mix).")}
          for s in LOOKED_AFTER],
        *[age_out(s) for s in ["emerging", "early_help", "child_in_need", "child_protection", "pre_proceedings"]],
        *[age_out(s, "care_leaver") for s in LOOKED_AFTER],
        {"from": "care_leaver", "to": "none", "rate_per_year": 1000, "if": "age >= 21",
         "source": "Care leavers are followed to 21, the age to which DfE reports their activity (a modelling device)."},
    ],
    "events": [
        {"id": "identified", "name": "identified", "label": "Emerging needs identified", "in": ["emerging"], "if": "age < 18", "rate_per_year": IDENTIFIED,
         "service": "early_help",
         "source": "Assumption: an emerging need is identified (by schools, health visitors, the family itself) in a year on average; identification asks the council's early-help team. No published figure; the lever of the earlier-family-help option."},
        {"id": "referral", "name": "referral", "label": "Referrals to children's social care", "in": ["emerging", "early_help"], "if": "age < 18", "rate_per_year": ESCALATES,
         "service": "assessment",
         "modifiers": [{"if": "need == 'early_help'", "rate_ratio": EARLY_HELP_RR,
                        "source": "Troubled Families 2015-20: looked after 1.7% vs 2.5% of matched comparison families (RR 0.68; docs/evidence/PARAMETERS.md B5, recommended default 15)."}],
         "source": "Assumption: an unmet emerging need escalates to a referral to children's social care at 0.5 a year; the onset rate is solved against the observed CIN starts given it."},
        {"id": "enters_care", "name": "enters_care", "label": "Entries to foster care", "in": ENTRY_FROM, "if": "age < 18",
         "rate_per_year": entry_rate(FOSTER_SHARE), "modifiers": entry_cin_modifiers,
         "service": "foster_placement",
         "source": "A child entering care who needs a foster carer asks the council's in-house fostering service; one it cannot place that month goes to an agency (IFA) carer."},
        {"id": "care_review", "name": "care_review", "label": "Looked-after reviews and visits", "in": LOOKED_AFTER, "rate_per_year": 2,
         "cost": sw_cost(SW_HOURS["care_review"], "per review cycle (the review, the visits between and the care plan)"),
         "source": "Statutory reviews of a looked-after child's care plan every six months after the first (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33): 2 a year."},
        {"id": "school_days_missed", "name": "school_days_missed", "label": "School days missed", "in": STATUTORY, "if": "age >= 5 && age < 16",
         "rate_per_year": {"by": ["need"], "values": by_school_group({k: r4(v * SCHOOL_DAYS) for k, v in ABSENCE.items()}),
                           "source": f"Overall absence 2022/23, England: children in need (excl. plans and CLA) 17.6%, looked after 12 months 8.3% of sessions (DfE Outcomes for children in need, including children looked after; docs/evidence/PARAMETERS.md B7; plans: not read, taken as children in need) x {SCHOOL_DAYS} days of the school year. All days missed, not the excess over other pupils (no all-pupil figure in the evidence base)."},
         "source": "Days of school missed by children in need, on plans and looked after, aged 5-15: a natural unit, not valued within the horizon (scenarios/lcr/lifetime_values.json values it)."},
        {"id": "ks4_below_grade4", "name": "ks4_below_grade4", "label": "Pupils without grade 4 in English and maths at 16", "in": STATUTORY, "if": "age == 16",
         "rate_per_year": {"by": ["need"], "values": by_school_group({k: r4(v) for k, v in BELOW_GRADE4.items()}),
                           "source": "KS4 2023/24 (revised), England: grade 4 or above in English and maths, children in need 18.9%, looked after 18.1% (plans suppressed: taken as children in need) (DfE Outcomes for children in need; docs/evidence/PARAMETERS.md B7); the rate over the year of age 16 makes the expected count the number of pupils below grade 4."},
         "source": "Attainment at 16 of children in need, on plans and looked after: counted, not valued within the horizon."},
        {"id": "neet_at_19", "name": "neet_at_19", "label": "Care leavers not in education, employment or training at 19", "in": ["care_leaver"], "if": "age == 19",
         "rate_per_year": NEET_CARE_LEAVERS,
         "source": "Care leavers aged 19-21 NEET: 40% vs 13% of all 19-21 year olds (DfE children looked after statistics 2017, quoted by Fosterline; docs/evidence/PARAMETERS.md B7, S, old: the current LCR figure is a GAP); over the year of age 19, so the expected count is the number NEET."},
        {"id": "suspended", "name": "suspended", "label": "Pupils suspended at least once in a year", "in": STATUTORY, "if": "age >= 5 && age < 16",
         "rate_per_year": {"by": ["need"], "values": by_school_group(SUSPENDED),
                           "source": "Pupils with one or more suspensions (fixed-period exclusions) in 2018/19, England: children in need (excl. plans and CLA) 10.34%, on a child protection plan 12.52% (taken for pre-proceedings too), looked after 12 months 11.32%; all pupils 2.44% (DfE, Outcomes for children in need, including children looked after by local authorities in England, file permanent_exclusions_and_suspensions_la.csv, national rows for 2018/19, the last year before school closures (read in a copy of the DfE file, github.com/BenGoodair/childrens_social_care_data; docs/evidence/PARAMETERS.md B13, R); all pupils: DfE Permanent and fixed-period exclusions in England 2018/19, R). The rate over a year makes the expected count the number of pupils suspended in it (a pupil suspended more than once counts once)."},
         "source": "Pupils of school age suspended at least once in a year, while in need, on a plan or looked after: counted, not valued."},
        {"id": "permanently_excluded", "name": "permanently_excluded", "label": "Pupils permanently excluded", "in": STATUTORY, "if": "age >= 5 && age < 16",
         "rate_per_year": {"by": ["need"], "values": by_school_group(EXCLUDED),
                           "source": "Pupils permanently excluded in 2018/19, England: children in need 0.75%, on a child protection plan 1.05% (taken for pre-proceedings too), looked after 12 months 0.11%; all pupils 0.10% (DfE, Outcomes for children in need, including children looked after by local authorities in England, file permanent_exclusions_and_suspensions_la.csv, national rows for 2018/19, the last year before school closures (read in a copy of the DfE file, github.com/BenGoodair/childrens_social_care_data; docs/evidence/PARAMETERS.md B13, R)). The ratios to all pupils (about 8x and 11x) are above the Timpson Review's 3.5x for plans (read second-hand), which compared like with like; the DfE rates are used as published."},
         "source": "Pupils of school age permanently excluded while in need, on a plan or looked after: counted; valued only by scenarios/lcr/lifetime_values.json."},
        {"id": "convicted_or_cautioned", "name": "convicted_or_cautioned", "label": "Looked-after children convicted or cautioned", "in": LOOKED_AFTER, "if": "age >= 10 && age < 18",
         "rate_per_year": CONVICTED_CLA,
         "source": "Children looked after for 12 months aged 10-17 convicted or subject to youth cautions or youth conditional cautions during the year ending 31 March 2022, England: 2% (860 of 39,930; 3% in 2019), against 1% of all children aged 10-17 (2017, MoJ, the latest comparable figure) (DfE, Children looked after in England including adoptions, file la_conviction_health_outcome_cla.csv, read in a copy of the DfE file, github.com/BenGoodair/childrens_social_care_data; all children: the release's 2020 data guidance, R; docs/evidence/PARAMETERS.md B13). Looked after at least 12 months taken for every child looked after (assumption)."},
    ],
    "cost_per_year": {
        "child_in_need": sw_cost(SW_HOURS["child_in_need"], "a year per child in need (visits, plan and reviews)"),
        "child_protection": sw_cost(SW_HOURS["child_protection"], "a year per child on a plan (visits every 10 working days, core groups, conferences)"),
        "pre_proceedings": sw_cost(SW_HOURS["pre_proceedings"], "a year per child in pre-proceedings (the plan's work and the pre-proceedings meetings)"),
        "looked_after_inhouse_foster": {"council_childrens_services": round(646 * 52.18), "price_year": 2017, "category": "placements",
                                        "source": "Council foster care all-in GBP 646 a week (allowances, administration, social workers and support staff) x 52.18 (PSSRU Unit Costs 2017, p. 86, 2016/17 prices; docs/evidence/PARAMETERS.md B4, recommended default 14): the latest national in-house cost found (PSSRU 2023/24 is a GAP)."},
        "looked_after_agency_foster": {"council_childrens_services": round(820 * 52.18), "price_year": 2021, "category": "placements",
                                       "source": "Independent fostering agency average price about GBP 820 a week (CMA children's social care market study, interim report October 2021; docs/evidence/PARAMETERS.md B8, S) x 52.18."},
        "looked_after_kinship": {"council_childrens_services": round(646 * 52.18 / 2), "price_year": 2017, "category": "placements",
                                 "source": "Assumption: half the council foster cost (kinship carers are paid fostering allowances when approved as foster carers, less support; no national kinship cost found, docs/evidence/PARAMETERS.md B8 GAP)."},
        "looked_after_residential": {"council_childrens_services": 318400, "price_year": 2023, "category": "placements",
                                     "source": "Children's home place GBP 318,400 a year (NAO 2025, England 2023-24; docs/evidence/PARAMETERS.md B4)"},
        "looked_after_other": {"council_childrens_services": round(820 * 52.18), "price_year": 2021, "category": "placements",
                               "source": "Assumption: as an agency foster placement (supported accommodation, placed with parents and other placements have no national unit cost in the evidence base: a GAP, docs/evidence/PARAMETERS.md B8)."},
    },
    "utility": {
        **{s: U_EMERGING for s in ["emerging", "early_help"]},
        **{s: U_STATUTORY for s in STATUTORY},
    },
    "utility_source": None,
}
need.pop("utility_source")

services = {
    "early_help": {
        "label": "Early help",
        "description": "Council early-help teams: a family whose emerging need is identified waits for a worker; not started within 3 months, the request lapses and the need stays unmet.",
        "capacity_per_year": {"by": ["council"], "values": early_help_capacity,
                              "source": f"Assumption: {EARLY_HELP_CAPACITY_SHARE:.0%} of the identified demand of the baseline at equilibrium (no published early-help capacity by council); calibration/derive_family_need.py"},
        "max_wait_months": 3,
        "cost_per_service": {"council_childrens_services": round(5214 / CHILDREN_PER_FAMILY), "price_year": 2014, "category": "early_help",
                             "source": f"Troubled Families phase 1: GBP 5,214 per family intervention (DCLG 2015; docs/evidence/PARAMETERS.md B4) / {CHILDREN_PER_FAMILY} children per family with children (LCR synthetic population). The report states no price year: taken as 2014, the last year of phase 1 (2012-15; assumption)."},
        "on_served": [{"process": "need", "from": ["emerging"], "to": "early_help"}],
    },
    "assessment": {
        "label": "Children's social care assessments",
        "description": "Children's social care assessments: a referred child who is assessed becomes a child in need. Capacity as the referrals councils received; each assessment costs social-work time.",
        "capacity_per_year": {"by": ["council"], "values": {c: referrals[c] for c in COUNCILS},
                              "source": "Referrals received per council, 2024-25 (DfE CIN census C1, data/lcr/lcr_dfe_cin_referrals_c1_2013_2025.csv)"},
        "max_wait_months": 2,
        "cost_per_service": sw_cost(SW_HOURS["assessment"], "per assessment"),
        "on_served": [{"process": "need", "from": ["emerging", "early_help"], "to": "child_in_need"}],
    },
    "foster_placement": {
        "label": "In-house foster placements",
        "description": "Placements with the council's own foster carers that can be made per year; a child who needs a foster carer when the council has none free that month is placed with an agency (IFA) carer. So an entry avoided frees an agency placement while in-house carers are full (the margin), and kinship, residential and other placements in the stock's mix. A child whose plan ended or case closed in the month of the request is still placed (the entry rates compete with those moves).",
        "capacity_per_year": {"by": ["council"], "values": {c: round(MIX["inhouse_foster"] * cla_starts_by_council[c], 1) for c in COUNCILS},
                              "source": f"Entries to care per council 2024-25 (DfE; docs/evidence/PARAMETERS.md B2) x {MIX['inhouse_foster']:.3f}, the in-house share of placements ({MIX_SRC}): each council's in-house sufficiency taken as England's (no council figure: a GAP). capacity_factor varies it in the one-way analysis."},
        "capacity_factor": 1.0,
        "max_wait_months": 0,
        # A request is served at the next step's start: a child who left child in need or
        # pre-proceedings in the same month (a plan ending, a case closing) is still placed, as the
        # entry rates were calibrated to the observed entries, competing with those moves.
        "on_served": [{"process": "need", "from": PLACED_FROM, "to": "looked_after_inhouse_foster"}],
        "on_lapsed": [{"process": "need", "from": PLACED_FROM, "to": "looked_after_agency_foster"}],
    },
}

if "--print" in sys.argv:
    print(json.dumps(derivation, indent=1))
    sys.exit(0)
path = ROOT / "scenarios" / "lcr" / "baseline.json"
doc = json.loads(path.read_text())
doc["processes"]["need"] = need
doc["services"].update(services)
path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(json.dumps(derivation, indent=1))

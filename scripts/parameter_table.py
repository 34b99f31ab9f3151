#!/usr/bin/env python3
"""Writes the parameter table of a scenario's processes, services and interventions (value, unit,
source) as Markdown, from the scenario file itself, so the documentation cannot drift from it.

    python3 scripts/parameter_table.py scenarios/lcr/baseline.json            # print
    python3 scripts/parameter_table.py scenarios/lcr/baseline.json --into docs/lcr_models.md

With --into, the table replaces the text between the markers
<!-- parameter table: ... --> and <!-- end of parameter table --> in that file; with --check, the
file is left as it is and the exit status is 1 if its table is not the scenario's (a test runs it).
"""
import json
import math
import re
import sys
from pathlib import Path


CONSTANT_FUNCTIONS = {"ln": math.log, "exp": math.exp, "sqrt": math.sqrt, "pow": math.pow,
                      "min": min, "max": max, "floor": math.floor}


def constant_value(text):
    """The value of a constant expression ("0.07 / (1 - 0.07) * ln(1 / 0.48)"), or None when it
    reads a variable (then it is an expression of the catalogue, shown as written)."""
    names = set(re.findall(r"[A-Za-z_][A-Za-z_0-9.]*", text))
    if not names <= set(CONSTANT_FUNCTIONS):
        return None
    try:
        return float(eval(text.replace("^", "**"), {"__builtins__": {}}, CONSTANT_FUNCTIONS))
    except (SyntaxError, ArithmeticError, TypeError, ValueError):
        return None


def fmt(v):
    if isinstance(v, (int, float)):
        return f"{v:g}"
    value = constant_value(str(v))
    return str(v) if value is None else f"{value:.4g} (= {v})"


def flat(values, prefix=()):
    """(labels, value) pairs of a nested stratified table."""
    for k, v in values.items():
        if isinstance(v, dict):
            yield from flat(v, prefix + (k,))
        else:
            yield prefix + (k,), v


def value_text(v):
    if not isinstance(v, dict):
        return fmt(v)
    cells = list(flat(v["values"]))
    nonzero = [(k, x) for k, x in cells if x != 0]
    text = "; ".join(f"{' '.join(k)} {fmt(x)}" for k, x in nonzero)
    if len(nonzero) < len(cells):
        text += "; others 0"
    return f"by {', '.join(v['by'])}: {text}"


def source(*objects):
    for o in objects:
        if isinstance(o, dict) and o.get("source"):
            return o["source"]
    return ""


def payer_text(cost):
    return ", ".join(f"{k} {value_text(v)}" for k, v in cost.items() if k not in ("category", "source", "price_year"))


def money(unit, cost):
    """The unit of a cost, with the price year its amounts are stated in (converted when run)."""
    return f"{unit}, {cost['price_year']} prices" if "price_year" in cost else unit


def rows(doc):
    for name, p in doc.get("processes", {}).items():
        for state, v in p.get("initial", {}).items():
            yield f"{name}: starting share in {state}", value_text(v), "share", source(v, p)
        for t in p.get("transitions", []):
            what = f"{name}: {t['from']} -> {t['to']}" + (f" (if {t['if']})" if t.get("if") else "")
            rate = t.get("rate_per_year", t.get("probability_per_cycle"))
            unit = "per year" if "rate_per_year" in t else "per cycle"
            yield what, value_text(rate), unit, source(rate, t)
            for m in t.get("modifiers", []):
                yield f"{what}, x where {m.get('if', 'always')}", fmt(m["rate_ratio"]), "rate ratio", source(m)
        for e in p.get("events", []):
            what = f"{name}: event {e['name']}"
            yield what, value_text(e["rate_per_year"]), "per year", source(e["rate_per_year"], e)
            for m in e.get("modifiers", []):
                yield f"{what}, x where {m.get('if', 'always')}", fmt(m["rate_ratio"]), "rate ratio", source(m)
            if e.get("cost"):
                yield f"{what}: cost", payer_text(e["cost"]), money("GBP per event", e["cost"]), source(e["cost"])
            if e.get("qaly_loss"):
                yield f"{what}: QALY loss", value_text(e["qaly_loss"]), "QALY per event", source(e["qaly_loss"], e)
        for state, c in p.get("cost_per_year", {}).items():
            yield f"{name}: cost in {state}", payer_text(c), money("GBP per year", c), source(c)
        if p.get("utility"):
            # A map of numbers has no source of its own: the process's source cites them.
            yield f"{name}: utility", "; ".join(f"{k} {fmt(v)}" for k, v in p["utility"].items()), "utility", source(p["utility"], p)
    for name, s in doc.get("services", {}).items():
        yield f"service {name}: capacity", value_text(s["capacity_per_year"]), "per year", source(s["capacity_per_year"], s)
        if s.get("cost_per_service"):
            yield f"service {name}: cost", payer_text(s["cost_per_service"]), money("GBP per service", s["cost_per_service"]), source(s["cost_per_service"])
    for name, i in doc.get("interventions", {}).items():
        for e in i.get("effects", []):
            if "rate_ratio" in e:
                yield f"{name}: effect on {e['process']}", fmt(e["rate_ratio"]), "rate ratio", source(e, i)
        for kind, c in i.get("cost", {}).items():
            if isinstance(c, dict):
                yield f"{name}: cost {kind}", payer_text(c), money("GBP", i["cost"]), source(i["cost"])


def table(doc):
    out = ["| parameter | value | unit | source |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d.replace('|', '/')} |" for a, b, c, d in rows(doc)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    doc = json.loads(Path(sys.argv[1]).read_text())
    text = table(doc)
    option = next((o for o in ("--into", "--check") if o in sys.argv), None)
    if option:
        target = Path(sys.argv[sys.argv.index(option) + 1])
        md = target.read_text()
        pattern = re.compile(r"(<!-- parameter table:[^\n]*-->\n).*?(<!-- end of parameter table -->)", re.S)
        if not pattern.search(md):
            sys.exit(f"{target}: no parameter-table markers")
        updated = pattern.sub(lambda m: m.group(1) + text + m.group(2), md)
        if option == "--into":
            target.write_text(updated)
        elif updated != md:
            sys.exit(f"{target}: its parameter table is not {sys.argv[1]}'s; run "
                     f"python3 scripts/parameter_table.py {sys.argv[1]} --into {target}")
    else:
        sys.stdout.write(text)

#!/usr/bin/env python3
"""Builds the generated part of the fuzz seed corpus from the repository's scenarios.

Usage: make_seeds.py OUT_DIR. Writes OUT_DIR/fuzz_scenario (each scenario with up to two of its
bases packed into one input, cut by a line of five '#', "extends" renamed to b.json / c.json and
data_dir made absolute so the loader gets past its file checks) and OUT_DIR/fuzz_expr (every
expression string in the scenarios, after a mode byte: 0 condition, 1 number). The committed seeds
in tests/fuzz/seeds/ (CSV, HDF5 result files, inputs that once crashed) are used beside these.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEPARATOR = "\n#####\n"
EXPRESSION_KEYS = {"if", "who", "when", "condition", "rate_ratio", "utility", "value", "cost"}


def chain(path):
    """The file and its first bases, at most three, following the first base of an array."""
    files = [path]
    while len(files) < 3:
        doc = json.load(open(files[-1]))
        base = doc.get("extends")
        if isinstance(base, list):
            base = base[0] if base else None
        if not isinstance(base, str):
            break
        files.append(os.path.normpath(os.path.join(os.path.dirname(files[-1]), base)))
    return files


def packed(files):
    names = ["a.json", "b.json", "c.json"]
    docs = []
    for i, f in enumerate(files):
        doc = json.load(open(f))
        if "extends" in doc:
            if i + 1 < len(files):
                doc["extends"] = names[i + 1]
            else:
                del doc["extends"]
        dd = doc.get("population", {}).get("data_dir")
        if isinstance(dd, str):
            doc["population"]["data_dir"] = os.path.normpath(os.path.join(os.path.dirname(f), dd))
        docs.append(json.dumps(doc, indent=1))
    return SEPARATOR.join(docs)


def expressions(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from expressions(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from expressions(v, key)
    elif isinstance(value, str) and key in EXPRESSION_KEYS:
        yield value


def main():
    out = sys.argv[1]
    scenario_dir = os.path.join(out, "fuzz_scenario")
    expr_dir = os.path.join(out, "fuzz_expr")
    os.makedirs(scenario_dir, exist_ok=True)
    os.makedirs(expr_dir, exist_ok=True)
    found = set()
    for folder, _, names in sorted(os.walk(os.path.join(ROOT, "scenarios"))):
        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            seed = os.path.relpath(path, os.path.join(ROOT, "scenarios")).replace("/", "_")
            with open(os.path.join(scenario_dir, seed), "w") as f:
                f.write(packed(chain(path)))
            found.update(expressions(json.load(open(path))))
    for i, text in enumerate(sorted(found)):
        for mode in (0, 1):
            with open(os.path.join(expr_dir, f"{i:03d}_{mode}"), "wb") as f:
                f.write(bytes([mode]) + text.encode())
    print(f"make_seeds: {len(os.listdir(scenario_dir))} scenario seeds, {len(found)} expressions")


if __name__ == "__main__":
    main()

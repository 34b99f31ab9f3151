#!/usr/bin/env python3
"""Sorts the inputs a fuzzer saved (crash-, leak-, timeout-, oom-) into ours and libhdf5's.

Usage: triage.py FUZZER ARTIFACT... Each input is run again under the fuzzer binary; the sanitizer's
report is then read from the top of its stack down, skipping the sanitizer and libFuzzer runtimes,
the C library and the C++ runtime. If the first frame left is inside libhdf5, the fault is the
HDF5 library's own (Debian 12 ships 1.10.8, which has known faults on corrupt files that the reader
cannot prevent: README.md); otherwise it is ours. Prints one line per input; exits 1 if any fault
is ours. An input that no longer fails is reported and not counted.
"""
import re
import subprocess
import sys

RUNTIME = re.compile(r" in (__interceptor_|__asan|__sanitizer|__lsan|__ubsan|fuzzer::|malloc|calloc|"
                     r"realloc|free|operator new|operator delete)|\((/[^ ]*/)?(libc\.so|libstdc\+\+\.so|"
                     r"libgcc_s\.so|ld-linux)")
FRAME = re.compile(r"^\s+#\d+ 0x")


def classify(fuzzer, artifact):
    run = subprocess.run([fuzzer, "-timeout=10", "-rss_limit_mb=2048", artifact],
                         capture_output=True, text=True, errors="replace")
    if run.returncode == 0:
        return "no longer fails", ""
    report = run.stdout + run.stderr
    summary = next((l for l in report.splitlines() if l.startswith("SUMMARY:")), "")
    if "out-of-memory" in report:
        # libFuzzer lists the allocations live at the limit, each with its stack: the memory is
        # libhdf5's when one of them was made inside the library (a size read from a corrupt file).
        for stack in re.split(r"\n(?=\s+#0 )", report):
            frames = [l for l in stack.splitlines() if FRAME.match(l) and not RUNTIME.search(l)]
            if frames and "libhdf5" in frames[0]:
                return "libhdf5", summary
    for line in report.splitlines():
        if FRAME.match(line) and not RUNTIME.search(line):
            return ("libhdf5" if "libhdf5" in line else "ours"), summary or line.strip()
    return "ours", summary


def main():
    fuzzer, artifacts = sys.argv[1], sys.argv[2:]
    ours = 0
    for artifact in artifacts:
        verdict, why = classify(fuzzer, artifact)
        ours += verdict == "ours"
        print(f"triage: {artifact}: {verdict}: {why[:200]}")
    sys.exit(1 if ours else 0)


if __name__ == "__main__":
    main()

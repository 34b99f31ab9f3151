// Which code computes a step: the model's plain reference step, or the optimised kernel with the
// widest instruction set the CPU has, or with one forced. Every path gives bit-identical results
// (tests/model/reference_step_test.cpp runs each against the reference); the switch exists so that
// a user can check that on their own machine, and a test can exercise a path the machine would not
// pick.
//
// The environment variable CIVICSIM_KERNEL chooses, read once: unset or "best" (default),
// "reference", "scalar" (optimised, no vector instructions), "avx2" or "avx512". A value not in
// that list, or an instruction set this CPU lacks, is an error naming the variable.
#pragma once

#include <string>

namespace civicsim {

enum class KernelPath { kBest, kReference, kScalar, kAvx2, kAvx512 };

// The path in force: set_kernel_path's, else CIVICSIM_KERNEL's (throws std::runtime_error for a
// bad value or a missing instruction set).
KernelPath kernel_path();
// Forces a path for this process (tests, benchmarks); throws std::runtime_error if the CPU cannot
// run it.
void set_kernel_path(KernelPath path);
// Whether this CPU runs `path` (the reference, best and scalar paths always).
bool cpu_runs(KernelPath path);
// "best", "reference", "scalar", "avx2", "avx512".
std::string kernel_path_name(KernelPath path);

// The instruction set the optimised kernel's batched pieces (Philox, row compaction) use now:
// kBest resolved to what the CPU has.
enum class VectorIsa { kScalar, kAvx2, kAvx512 };
VectorIsa vector_isa();

}  // namespace civicsim

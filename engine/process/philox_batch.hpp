// Philox4x32-10 for many consecutive counters at once, eight per vector, bit-identical to
// philox_block() (engine/core/random.hpp). The process sweep draws one block per four persons, and
// Philox is then most of the work; computing eight blocks side by side with GCC vector extensions
// (and, through target_clones, AVX2 or AVX-512 where the CPU has them) makes it several times
// cheaper. Integer arithmetic only, so the instruction set never changes a result.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/core/random.hpp"

namespace civicsim::process {

// out[4 j + w] = word w of philox_block(key, first + j, step, stream, 0), for j < groups.
void philox_groups(RandomKey key, uint32_t first, size_t groups, uint32_t step, uint32_t stream,
                   uint32_t* out);

}  // namespace civicsim::process

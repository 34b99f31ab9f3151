// Philox4x32-10 for many consecutive counters at once, bit-identical to philox_block()
// (engine/core/random.hpp). The process sweep draws one block per four persons, and Philox would
// then be most of the work; computing many blocks side by side with AVX-512 or AVX2 (picked at run
// time, so portable builds use them too; plain vector code elsewhere) makes it many times cheaper.
// Integer arithmetic only, so the instruction set never changes a result.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/core/random.hpp"

namespace civicsim {

// out[4 j + w] = word w of philox_block(key, first + j, step, stream, 0), for j < groups.
void philox_groups(RandomKey key, uint32_t first, size_t groups, uint32_t step, uint32_t stream,
                   uint32_t* out);

// out[4 j + w] = word w of philox_block(key, counters[j], step, stream, 0), for j < n: the blocks of
// a few persons scattered over many (those in the states an event can happen in).
void philox_list(RandomKey key, const uint32_t* counters, size_t n, uint32_t step, uint32_t stream,
                 uint32_t* out);

}  // namespace civicsim

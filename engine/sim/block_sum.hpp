// Floating-point totals over rows that are the same for any thread count: the rows are summed in
// fixed blocks of kBlockRows, each block into sums of its own (the blocks in parallel, the rows of
// a block in order), and the blocks' sums added in block order. Used by the per-row accruals of the
// process phase (accrual.cpp): utilities, state costs that vary, events billed per row.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "engine/model/row.hpp"

namespace civicsim::process {

// out[c] += scale x (sum over rows of what add(i, sums) adds to sums[c]), c < width, for rows
// i in [0, n): each block's sums start at 0, and out takes them block by block.
template <class AddRow>
void block_sum(size_t n, size_t width, double scale, double* out, AddRow add) {
  const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  std::vector<double> partial(blocks * width, 0.0);
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t b = 0; b < blocks; ++b) {
    double* sums = &partial[b * width];
    for (size_t i = b * kBlockRows, end = std::min(n, i + kBlockRows); i < end; ++i) add(i, sums);
  }
  for (size_t b = 0; b < blocks; ++b)
    for (size_t c = 0; c < width; ++c) out[c] += partial[b * width + c] * scale;
}

}  // namespace civicsim::process

// Iterative proportional fitting (IPF) of a multi-way table to its one-way margins, and deterministic
// integerisation of fitted tables.
//
// IPF (Deming & Stephan 1940) rescales a seed table along each dimension in turn until every one-way
// margin matches its target. It keeps the seed's interactions (odds ratios) and its zeros, so structural
// zeros - cells that definitions make impossible - stay zero. The result is the table closest to the
// seed in Kullback-Leibler divergence that has the target margins (Ireland & Kullback 1968).
// Tables are flat row-major Eigen arrays; the population build fits one small table per LSOA.
//
// Integerisation turns fitted (real) counts into whole households without breaking margins: largest
// remainder for a vector, and "controlled rounding" for a two-way table (each column total exact, row
// totals exact whenever a unit can be moved within a column). Ties are broken by caller-supplied keys
// (counter-based random words), so the result is reproducible and needs no shared generator state.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace civicsim {

struct IpfResult {
  int iterations = 0;        // full sweeps over all dimensions
  double max_abs_error = 0;  // largest |margin - target| after the last sweep
  bool converged = false;    // max_abs_error <= tolerance * max(1, grand total)
};

// Fits `table` (row-major, sizes `dims`, non-negative seed) to `margins` (margins[d] has dims[d]
// targets; all margins must share one grand total). Zero cells stay zero. A target > 0 over an
// all-zero slice cannot be met: the fit then stops unconverged after max_iterations.
IpfResult ipf_fit(Eigen::ArrayXd& table, const std::vector<int>& dims,
                  const std::vector<Eigen::ArrayXd>& margins, double tolerance = 1e-10,
                  int max_iterations = 1000);

// The one-way margin of `table` along dimension `dim`.
Eigen::ArrayXd ipf_margin(const Eigen::ArrayXd& table, const std::vector<int>& dims, int dim);

// Whole numbers summing to `total`, each the floor or the ceiling of values[i] (when the values sum
// to total): floors first, then +1 to the largest fractional parts. Equal fractions are ordered by
// tie_keys (smaller first), then by index. Cells with allowed[i] == false get nothing.
Eigen::ArrayXi largest_remainder(const Eigen::ArrayXd& values, int total,
                                 const std::vector<uint32_t>& tie_keys,
                                 const std::vector<bool>& allowed = {});

// Rounds a two-way table of reals to whole numbers whose column sums equal col_totals exactly and
// whose row sums equal row_totals whenever moving single units within columns can achieve it (it can
// in every non-degenerate case). Cells with allowed == false (row-major, rows x cols) stay zero.
// tie_keys: one per cell, row-major.
Eigen::ArrayXXi controlled_round(const Eigen::ArrayXXd& values, const Eigen::ArrayXi& row_totals,
                                 const Eigen::ArrayXi& col_totals,
                                 const std::vector<uint32_t>& tie_keys,
                                 const std::vector<bool>& allowed);

}  // namespace civicsim

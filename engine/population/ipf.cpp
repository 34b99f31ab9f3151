// IPF sweeps and the integerisation helpers declared in ipf.hpp.
#include "engine/population/ipf.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace civicsim {
namespace {

// Index of every cell along dimension `dim` (row-major layout).
Eigen::ArrayXi cell_index(const std::vector<int>& dims, int dim) {
  int cells = 1;
  for (int d : dims) cells *= d;
  int stride = 1;
  for (size_t d = static_cast<size_t>(dim) + 1; d < dims.size(); ++d) stride *= dims[d];
  Eigen::ArrayXi idx(cells);
  for (int c = 0; c < cells; ++c) idx[c] = (c / stride) % dims[static_cast<size_t>(dim)];
  return idx;
}

}  // namespace

Eigen::ArrayXd ipf_margin(const Eigen::ArrayXd& table, const std::vector<int>& dims, int dim) {
  const Eigen::ArrayXi idx = cell_index(dims, dim);
  Eigen::ArrayXd m = Eigen::ArrayXd::Zero(dims[static_cast<size_t>(dim)]);
  for (Eigen::Index c = 0; c < table.size(); ++c) m[idx[c]] += table[c];
  return m;
}

IpfResult ipf_fit(Eigen::ArrayXd& table, const std::vector<int>& dims,
                  const std::vector<Eigen::ArrayXd>& margins, double tolerance,
                  int max_iterations) {
  const int n_dims = static_cast<int>(dims.size());
  std::vector<Eigen::ArrayXi> idx;
  for (int d = 0; d < n_dims; ++d) idx.push_back(cell_index(dims, d));
  const double scale = std::max(1.0, margins.empty() ? 1.0 : margins[0].sum());
  IpfResult r;
  auto max_error = [&] {
    double e = 0;
    for (int d = 0; d < n_dims; ++d)
      e = std::max(e,
                   (ipf_margin(table, dims, d) - margins[static_cast<size_t>(d)]).abs().maxCoeff());
    return e;
  };
  r.max_abs_error = max_error();
  while (r.max_abs_error > tolerance * scale && r.iterations < max_iterations) {
    for (int d = 0; d < n_dims; ++d) {
      const Eigen::ArrayXd current = ipf_margin(table, dims, d);
      const Eigen::ArrayXd& target = margins[static_cast<size_t>(d)];
      // Rescale each slice to its target; an empty slice stays empty (its target cannot be met).
      const Eigen::ArrayXd factor = (current > 0).select(target / current.max(1e-300), 0.0);
      for (Eigen::Index c = 0; c < table.size(); ++c)
        table[c] *= factor[idx[static_cast<size_t>(d)][c]];
    }
    ++r.iterations;
    r.max_abs_error = max_error();
  }
  r.converged = r.max_abs_error <= tolerance * scale;
  return r;
}

Eigen::ArrayXi largest_remainder(const Eigen::ArrayXd& values, int total,
                                 const std::vector<uint32_t>& tie_keys,
                                 const std::vector<bool>& allowed) {
  const Eigen::Index n = values.size();
  auto ok = [&](Eigen::Index i) { return allowed.empty() || allowed[static_cast<size_t>(i)]; };
  auto key = [&](Eigen::Index i) {
    return tie_keys.empty() ? 0u : tie_keys[static_cast<size_t>(i)];
  };
  Eigen::ArrayXi out = Eigen::ArrayXi::Zero(n);
  Eigen::ArrayXd frac = Eigen::ArrayXd::Zero(n);
  int sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!ok(i)) continue;
    const double v = std::max(values[i], 0.0);
    // A whole number computed in floating point (e.g. 12.9999999999) is that whole number.
    const double f = std::floor(v + 1e-9);
    out[i] = static_cast<int>(f);
    frac[i] = std::max(v - f, 0.0);
    sum += out[i];
  }
  std::vector<Eigen::Index> order;
  for (Eigen::Index i = 0; i < n; ++i)
    if (ok(i)) order.push_back(i);
  if (order.empty()) return out;
  // Largest fraction first; equal fractions by key, then index.
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (frac[a] != frac[b]) return frac[a] > frac[b];
    if (key(a) != key(b)) return key(a) < key(b);
    return a < b;
  });
  for (size_t k = 0; sum < total; k = (k + 1) % order.size()) {
    ++out[order[k]];
    ++sum;
  }
  // Too many after flooring (values summing above total): take from the smallest fractions.
  for (size_t k = order.size(); sum > total;) {
    k = k == 0 ? order.size() - 1 : k - 1;
    if (out[order[k]] > 0) {
      --out[order[k]];
      --sum;
    }
  }
  return out;
}

Eigen::ArrayXXi controlled_round(const Eigen::ArrayXXd& values, const Eigen::ArrayXi& row_totals,
                                 const Eigen::ArrayXi& col_totals,
                                 const std::vector<uint32_t>& tie_keys,
                                 const std::vector<bool>& allowed) {
  const Eigen::Index rows = values.rows(), cols = values.cols();
  auto cell = [&](Eigen::Index i, Eigen::Index j) { return static_cast<size_t>(i * cols + j); };
  Eigen::ArrayXXi x = Eigen::ArrayXXi::Zero(rows, cols);
  // Columns first: each column is a largest-remainder rounding of its own values to its total.
  for (Eigen::Index j = 0; j < cols; ++j) {
    std::vector<uint32_t> keys(static_cast<size_t>(rows), 0u);
    std::vector<bool> ok(static_cast<size_t>(rows), true);
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (!tie_keys.empty()) keys[static_cast<size_t>(i)] = tie_keys[cell(i, j)];
      ok[static_cast<size_t>(i)] = allowed.empty() || allowed[cell(i, j)];
    }
    x.col(j) = largest_remainder(values.col(j), col_totals[j], keys, ok);
  }
  // Then rows: move single units within a column from a row above its total to a row below it,
  // choosing the move that adds least squared distance from the real values.
  Eigen::ArrayXi gap = row_totals - x.rowwise().sum();
  while ((gap > 0).any() && (gap < 0).any()) {
    double best = std::numeric_limits<double>::infinity();
    Eigen::Index bi = -1, bk = -1, bj = -1;
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (gap[i] <= 0) continue;
      for (Eigen::Index k = 0; k < rows; ++k) {
        if (gap[k] >= 0) continue;
        for (Eigen::Index j = 0; j < cols; ++j) {
          if (x(k, j) == 0 || !(allowed.empty() || allowed[cell(i, j)])) continue;
          const double cost = 2.0 * ((x(i, j) - values(i, j)) - (x(k, j) - values(k, j))) + 2.0;
          if (cost < best) {
            best = cost;
            bi = i;
            bk = k;
            bj = j;
          }
        }
      }
    }
    if (bi < 0) break;  // no unit can move: the row totals are not reachable within these columns
    ++x(bi, bj);
    --x(bk, bj);
    --gap[bi];
    ++gap[bk];
  }
  return x;
}

}  // namespace civicsim

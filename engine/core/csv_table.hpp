// A small CSV reader for the project's data files and linked-data extracts.
//
// Reads a whole file with one header row (RFC 4180 quoting) into memory. Typed accessors report bad
// cells as Diagnostics naming the file, the line and the column, so loaders can collect every problem.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/input_error.hpp"

namespace civicsim {

class CsvTable {
 public:
  // Throws InputError (file, "file not found" / "line N") if the file is missing or malformed.
  static CsvTable read(const std::filesystem::path& path);

  const std::string& file() const { return file_; }
  size_t rows() const { return cells_.size(); }
  const std::vector<std::string>& header() const { return header_; }
  // Column index, or nullopt.
  std::optional<size_t> find_column(std::string_view name) const;
  // Column index; adds a diagnostic and returns nullopt if missing.
  std::optional<size_t> require_column(std::string_view name, DiagnosticList& errors) const;
  // Columns must all exist; throws InputError listing every missing one.
  void require_columns(const std::vector<std::string>& names) const;

  const std::string& cell(size_t row, size_t col) const { return cells_[row][col]; }
  // The 1-based line number of a data row in the file (header is line 1).
  size_t line_of(size_t row) const { return lines_[row]; }
  // "line N, column NAME": the location string used in diagnostics.
  std::string where(size_t row, size_t col) const;

  // Typed reads; on failure add a diagnostic and return the fallback.
  double number(size_t row, size_t col, DiagnosticList& errors, double fallback = 0.0) const;
  long long integer(size_t row, size_t col, DiagnosticList& errors, long long fallback = 0) const;
  // Number or blank (missing in the source): blank gives nullopt, garbage gives a diagnostic.
  std::optional<double> optional_number(size_t row, size_t col, DiagnosticList& errors) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cells_;
  std::vector<size_t> lines_;
};

// One text cell of a CSV file, quoted if RFC 4180 needs it. Text starting with = + - @, a tab or a
// carriage return, which a spreadsheet would run as a formula (CSV injection), gets a leading
// single quote inside a quoted field: "'=A1". Only for text: write numbers as numbers, so -3.5
// stays -3.5. CsvTable::read gives such a cell back with its quote.
std::string csv_escape(std::string_view field);

}  // namespace civicsim

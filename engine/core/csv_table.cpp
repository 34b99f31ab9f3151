#include "engine/core/csv_table.hpp"

#include <charconv>
#include <cmath>

#include "engine/core/input_file.hpp"
#include "engine/core/input_limits.hpp"

namespace civicsim {
namespace {

// Splits one logical record starting at text[pos]; returns false at end of input.
bool next_record(const std::string& text, size_t& pos, size_t& line, std::vector<std::string>& out,
                 bool& bad_quote) {
  out.clear();
  bad_quote = false;
  if (pos >= text.size()) return false;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++line;
      field += c;
      ++pos;
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      ++pos;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
      ++pos;
    } else if (c == '\r') {
      ++pos;
    } else if (c == '\n') {
      ++pos;
      ++line;
      out.push_back(std::move(field));
      return true;
    } else {
      field += c;
      ++pos;
    }
  }
  if (quoted) bad_quote = true;
  out.push_back(std::move(field));
  return true;
}

}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& path) {
  CsvTable t;
  t.file_ = path.string();
  const std::string text = read_input_file(path, "a readable CSV file", limits::kMaxCsvFileBytes);
  size_t pos = 0, line = 1;
  std::vector<std::string> record;
  bool bad_quote = false;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // UTF-8 byte-order mark
  if (!next_record(text, pos, line, record, bad_quote) || (record.size() == 1 && record[0].empty()))
    throw InputError({t.file_, "line 1", "a header row", "an empty file"});
  t.header_ = record;
  DiagnosticList errors;
  // A repeated column name would leave which column is read to the reader's search order.
  for (size_t i = 0; i < t.header_.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (t.header_[j] == t.header_[i]) {
        errors.add(t.file_, "line 1, column " + t.header_[i], "each column name once in the header",
                   "'" + t.header_[i] + "' as columns " + std::to_string(j + 1) + " and " +
                       std::to_string(i + 1));
        break;
      }
  while (true) {
    const size_t this_line = line;
    if (!next_record(text, pos, line, record, bad_quote)) break;
    if (record.size() == 1 && record[0].empty()) continue;  // blank line
    if (bad_quote)
      errors.add(t.file_, "line " + std::to_string(this_line), "a closing quote", "end of file");
    if (record.size() != t.header_.size()) {
      errors.add(t.file_, "line " + std::to_string(this_line),
                 std::to_string(t.header_.size()) + " fields (as in the header)",
                 std::to_string(record.size()) + " fields");
      continue;
    }
    t.cells_.push_back(record);
    t.lines_.push_back(this_line);
  }
  errors.throw_if_any();
  return t;
}

std::optional<size_t> CsvTable::find_column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

std::optional<size_t> CsvTable::require_column(std::string_view name,
                                               DiagnosticList& errors) const {
  auto c = find_column(name);
  if (!c)
    errors.add(file_, "line 1", "a column named '" + std::string(name) + "'", "no such column");
  return c;
}

void CsvTable::require_columns(const std::vector<std::string>& names) const {
  DiagnosticList errors;
  for (const auto& n : names) require_column(n, errors);
  errors.throw_if_any();
}

std::string CsvTable::where(size_t row, size_t col) const {
  return "line " + std::to_string(lines_[row]) + ", column " + header_[col];
}

std::optional<double> CsvTable::optional_number(size_t row, size_t col,
                                                DiagnosticList& errors) const {
  const std::string& s = cells_[row][col];
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool whole = p == s.data() + s.size();
  if ((ec != std::errc() && ec != std::errc::result_out_of_range) || !whole) {
    errors.add(file_, where(row, col), "a number", "'" + s + "'");
    return std::nullopt;
  }
  // from_chars reads "inf" and "nan" too, and 1e400 is out of range: no data value is any of them.
  if (ec == std::errc::result_out_of_range || !std::isfinite(v)) {
    errors.add(file_, where(row, col), "a finite number", "'" + s + "'");
    return std::nullopt;
  }
  return v;
}

double CsvTable::number(size_t row, size_t col, DiagnosticList& errors, double fallback) const {
  const std::string& s = cells_[row][col];
  if (s.empty()) {
    errors.add(file_, where(row, col), "a number", "an empty cell");
    return fallback;
  }
  auto v = optional_number(row, col, errors);
  return v ? *v : fallback;
}

long long CsvTable::integer(size_t row, size_t col, DiagnosticList& errors,
                            long long fallback) const {
  const std::string& s = cells_[row][col];
  long long v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    errors.add(file_, where(row, col), "an integer", s.empty() ? "an empty cell" : "'" + s + "'");
    return fallback;
  }
  return v;
}

std::string csv_escape(std::string_view field) {
  // OWASP's list: a spreadsheet runs a cell starting with these as a formula (tab and carriage
  // return are also eaten by some importers, exposing what follows).
  const bool formula_like =
      !field.empty() && std::string_view("=+-@\t\r").find(field[0]) != std::string_view::npos;
  if (!formula_like && field.find_first_of(",\"\n\r") == std::string_view::npos)
    return std::string(field);
  std::string out = formula_like ? "\"'" : "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace civicsim

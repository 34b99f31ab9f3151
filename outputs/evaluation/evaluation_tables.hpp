// The evaluation document (evaluate.hpp) as tidy tables, one row per observation, written as CSV
// for spreadsheets and as HDF5 (one group per table, one dataset per column) for researchers. The
// document is the one source of truth: the report, the CSV and the HDF5 all show it.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace civicsim::evaluation {

struct Table {
  std::string name;                  // file stem, e.g. "headline"
  std::vector<std::string> columns;  // names; a column is numeric if every value is a number/null
  std::vector<std::vector<nlohmann::json>> rows;  // strings, numbers or null (suppressed, none)
};

std::vector<Table> evaluation_tables(const nlohmann::json& document);
// The tables' names (their files' stems), known before any document exists.
std::vector<std::string> evaluation_table_names();

// Each written under a temporary name and renamed into place, so none is ever seen half-written
// (engine/core/output_target.hpp); text cells are neutralised against CSV injection (csv_escape).
void write_csv(const Table& table, const std::filesystem::path& file);
void write_h5(const std::vector<Table>& tables, const nlohmann::json& document,
              const std::filesystem::path& file);

}  // namespace civicsim::evaluation

// Fuzzes the CSV reader (CsvTable::read and its typed cell reads) and the linked-data reader
// (read_linked_csv). One input is households.csv and persons.csv cut at a line of five '#'. A
// population or an InputError are the only acceptable outcomes.
//
// The area tables are a cut of the repository's data/lcr (the first two and every 50th LSOA, 22 in
// several councils), made once per process in the scratch folder: reading the full tables for
// every input made this fuzzer about thirty times slower.
#include <cstdint>
#include <fstream>
#include <set>
#include <string>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/year_month.hpp"
#include "engine/population/linked_csv.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// The area tables read_linked_csv reads, cut to a few LSOAs (all of them start with lsoa11_code).
std::filesystem::path small_data_dir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path from = CIVICSIM_SOURCE_DIR "/data/lcr";
    const std::filesystem::path to = civicsim::fuzz::scratch_dir() / "data";
    std::filesystem::create_directories(to);
    std::set<std::string> codes;
    for (const char* name :
         {"lcr_lsoa11_geography.csv", "lcr_iod2019_lsoa_scores.csv",
          "lcr_iod2019_lsoa_ranks_deciles.csv", "lcr_iod2019_lsoa_underlying_indicators.csv",
          "lcr_population_mid2019_lsoa11_syoa_persons.csv"}) {
      std::ifstream in(from / name);
      std::ofstream out(to / name);
      std::string line;
      for (size_t n = 0; std::getline(in, line); ++n) {
        const std::string code = line.substr(0, line.find(','));
        // From the geography (read first): the header, the seeds' two LSOAs, every 50th.
        if (codes.size() < 3 ||
            (name == std::string_view("lcr_lsoa11_geography.csv") && n % 50 == 0))
          codes.insert(code);
        if (codes.count(code)) out << line << '\n';
      }
    }
    return to;
  }();
  return dir;
}

// Every cell through every typed read, as the data loaders do.
void read_cells(const std::filesystem::path& file) {
  try {
    const civicsim::CsvTable table = civicsim::CsvTable::read(file);
    civicsim::DiagnosticList errors;
    for (size_t r = 0; r < table.rows(); ++r) {
      for (size_t c = 0; c < table.header().size(); ++c) {
        table.number(r, c, errors);
        table.integer(r, c, errors);
        table.optional_number(r, c, errors);
      }
    }
    table.find_column("household_id");
    table.require_column("person_id", errors);
    errors.throw_if_any();
  } catch (const civicsim::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using civicsim::fuzz::write_file;
  const auto parts = civicsim::fuzz::split_input(data, size, 2);
  const auto households = write_file("households.csv", parts[0]);
  const auto persons = write_file("persons.csv", parts.size() > 1 ? parts[1] : "");
  read_cells(households);
  read_cells(persons);
  try {
    civicsim::read_linked_csv(households, persons, small_data_dir(),
                              civicsim::YearMonth::of(2020, 1));
  } catch (const civicsim::InputError&) {
  }
  return 0;
}

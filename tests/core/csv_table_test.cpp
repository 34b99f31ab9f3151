#include "engine/core/csv_table.hpp"

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

TEST(CsvTable, ReadsQuotedFieldsAndReportsPlaces) {
  testing::TempDir dir;
  testing::write_file(dir / "a.csv", "name,value\n\"Smith, J\",1.5\nplain,\n\"say \"\"hi\"\"\",x\n");
  const CsvTable t = CsvTable::read(dir / "a.csv");
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.cell(0, 0), "Smith, J");
  EXPECT_EQ(t.cell(2, 0), "say \"hi\"");
  DiagnosticList errors;
  EXPECT_DOUBLE_EQ(t.number(0, 1, errors), 1.5);
  EXPECT_FALSE(t.optional_number(1, 1, errors).has_value());
  EXPECT_TRUE(errors.empty());
  t.number(2, 1, errors);
  t.number(1, 1, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors.items()[0].to_string(), (dir / "a.csv").string() + ": line 4, column value: expected a number, found 'x'");
  EXPECT_EQ(errors.items()[1].to_string(), (dir / "a.csv").string() + ": line 3, column value: expected a number, found an empty cell");
}

TEST(CsvTable, MissingFileAndRaggedRowsAreErrors) {
  testing::TempDir dir;
  try {
    CsvTable::read(dir / "none.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(), (dir / "none.csv").string() + ": expected a readable CSV file, found no such file");
  }
  testing::write_file(dir / "b.csv", "a,b\n1,2\n3\n4,5,6\n");
  try {
    CsvTable::read(dir / "b.csv");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].to_string(), (dir / "b.csv").string() + ": line 3: expected 2 fields (as in the header), found 1 fields");
    EXPECT_EQ(e.diagnostics()[1].to_string(), (dir / "b.csv").string() + ": line 4: expected 2 fields (as in the header), found 3 fields");
  }
  const CsvTable t = CsvTable::read(testing::lcr_data_dir() / "lcr_lsoa11_geography.csv");
  EXPECT_EQ(t.rows(), 989u);
  DiagnosticList errors;
  EXPECT_FALSE(t.require_column("nope", errors).has_value());
  EXPECT_EQ(errors.items().at(0).to_string(), t.file() + ": line 1: expected a column named 'nope', found no such column");
}

// Text cells a spreadsheet would run as a formula (OWASP: = + - @ tab, carriage return at the
// start) get a leading single quote inside a quoted field; other text is only quoted when RFC 4180
// needs it.
TEST(CsvEscape, NeutralisesFormulaLikeTextAndQuotesWhenNeeded) {
  EXPECT_EQ(csv_escape("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_escape("+1"), "\"'+1\"");
  EXPECT_EQ(csv_escape("-3.5"), "\"'-3.5\"");  // text that looks like a number is still text
  EXPECT_EQ(csv_escape("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_escape("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_escape("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a=b"), "a=b");
  EXPECT_EQ(csv_escape(""), "");
  EXPECT_EQ(csv_escape("Smith, J"), "\"Smith, J\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(CsvEscape, NeutralisedCellsReadBackWithTheirQuote) {
  testing::TempDir dir;
  testing::write_file(dir / "a.csv", "name,value\n" + csv_escape("=1+2") + ",-3.5\n");
  const CsvTable t = CsvTable::read(dir / "a.csv");
  EXPECT_EQ(t.cell(0, 0), "'=1+2");
  DiagnosticList errors;
  EXPECT_DOUBLE_EQ(t.number(0, 1, errors), -3.5);
}

}  // namespace
}  // namespace civicsim

#include "engine/core/csv_table.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

TEST(CsvTable, ReadsQuotedFieldsAndReportsPlaces) {
  testing::TempDir dir;
  testing::write_file(dir / "a.csv",
                      "name,value\n\"Smith, J\",1.5\nplain,\n\"say \"\"hi\"\"\",x\n");
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
  EXPECT_EQ(errors.items()[0].to_string(),
            (dir / "a.csv").string() + ": line 4, column value: expected a number, found 'x'");
  EXPECT_EQ(
      errors.items()[1].to_string(),
      (dir / "a.csv").string() + ": line 3, column value: expected a number, found an empty cell");
}

TEST(CsvTable, MissingFileAndRaggedRowsAreErrors) {
  testing::TempDir dir;
  try {
    CsvTable::read(dir / "none.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(),
              (dir / "none.csv").string() + ": expected a readable CSV file, found no such file");
  }
  testing::write_file(dir / "b.csv", "a,b\n1,2\n3\n4,5,6\n");
  try {
    CsvTable::read(dir / "b.csv");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              (dir / "b.csv").string() +
                  ": line 3: expected 2 fields (as in the header), found 1 fields");
    EXPECT_EQ(e.diagnostics()[1].to_string(),
              (dir / "b.csv").string() +
                  ": line 4: expected 2 fields (as in the header), found 3 fields");
  }
  const CsvTable t = CsvTable::read(testing::lcr_data_dir() / "lcr_lsoa11_geography.csv");
  EXPECT_EQ(t.rows(), 989u);
  DiagnosticList errors;
  EXPECT_FALSE(t.require_column("nope", errors).has_value());
  EXPECT_EQ(errors.items().at(0).to_string(),
            t.file() + ": line 1: expected a column named 'nope', found no such column");
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

// Issue #14: the first of two columns of one name was used, the second silently ignored.
TEST(CsvTable, RepeatedHeaderColumnIsAnError) {
  testing::TempDir dir;
  testing::write_file(dir / "d.csv", "code,value,code\nA,1,B\n");
  try {
    CsvTable::read(dir / "d.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              (dir / "d.csv").string() +
                  ": line 1, column code: expected each column name once in the header, found "
                  "'code' as columns 1 and 3");
  }
}

// Issue #14: from_chars reads "inf" and "nan"; neither is data.
TEST(CsvTable, NonFiniteNumbersAreErrors) {
  testing::TempDir dir;
  testing::write_file(dir / "n.csv", "value\ninf\nnan\n1e400\n-Infinity\n2.5\n");
  const CsvTable t = CsvTable::read(dir / "n.csv");
  DiagnosticList errors;
  for (size_t r = 0; r < t.rows(); ++r) t.number(r, 0, errors);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(
      errors.items()[0].to_string(),
      (dir / "n.csv").string() + ": line 2, column value: expected a finite number, found 'inf'");
  EXPECT_EQ(
      errors.items()[2].to_string(),
      (dir / "n.csv").string() + ": line 4, column value: expected a finite number, found '1e400'");
}

// Issue #14: a FIFO blocked the reader for ever, /dev/zero filled memory.
TEST(CsvTable, SpecialFilesAreRefusedAtOnce) {
  testing::TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo.csv").c_str(), 0600), 0);
  try {
    CsvTable::read(dir / "fifo.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(),
              (dir / "fifo.csv").string() +
                  ": expected a readable CSV file, found a FIFO (named pipe), not a regular file");
  }
  try {
    CsvTable::read("/dev/zero");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(),
              "/dev/zero: expected a readable CSV file, found a character device, not a regular "
              "file");
  }
}

}  // namespace
}  // namespace civicsim

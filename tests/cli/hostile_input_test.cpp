// Issue #14, end to end: hostile input never crashes, hangs or exhausts memory. Each case runs the
// civicsim program as a user would and expects exit status 2 with a diagnostic naming the file and
// the place; commands that could block run under `timeout 120`, so a hang fails the test with 124
// (not sooner: some of these commands took over 20 s in a sanitizer build on a busy machine).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "outputs/hdf5_writer.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

std::string civicsim() { return "timeout 120 " + testing::civicsim_binary().string(); }
std::string quick() { return (testing::source_dir() / "scenarios/lcr/quick.json").string(); }

// `civicsim <args>` run in `dir`.
testing::CommandResult in_dir(const TempDir& dir, const std::string& args,
                              const std::string& env = "") {
  return run_command("cd " + dir.path().string() + " && " + env + " " + civicsim() + " " + args);
}

std::string one_error(const std::string& message) {
  return "civicsim: 1 error in the input:\n  error: " + message + "\n";
}

std::string nested(size_t depth, const std::string& open, const std::string& close) {
  std::string text;
  text.reserve(depth * (open.size() + close.size()) + 1);
  for (size_t i = 0; i < depth; ++i) text += open;
  text += "1";
  for (size_t i = 0; i < depth; ++i) text += close;
  return text;
}

// 500,000 nested objects under uncertainty, and as many nested arrays in description, overflowed
// the stack (SIGSEGV) in the loader's copy and merge of the document.
TEST(HostileInput, DeepNestingIsRefusedWhileParsing) {
  TempDir dir;
  write_file(dir / "objects.json", "{\"extends\": \"" + quick() + "\", \"uncertainty\": " +
                                       nested(500000, "{\"a\": ", "}") + "}");
  auto r = in_dir(dir, "validate objects.json");
  EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 500);
  EXPECT_EQ(r.output.rfind(
                "civicsim: 1 error in the input:\n  error: objects.json: /uncertainty/a/a/", 0),
            0u)
      << r.output.substr(0, 500);
  EXPECT_NE(
      r.output.find(": expected JSON nested at most 64 levels deep, found an object at level 65\n"),
      std::string::npos);
  write_file(dir / "arrays.json", "{\"extends\": \"" + quick() +
                                      "\", \"description\": " + nested(500000, "[", "]") + "}");
  r = in_dir(dir, "validate arrays.json");
  EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("arrays.json: /description/0/0/"), std::string::npos);
  EXPECT_NE(
      r.output.find("expected JSON nested at most 64 levels deep, found an array at level 65"),
      std::string::npos);
}

// A chain of 5,000 "extends" files overflowed the stack of the loader's recursion.
TEST(HostileInput, LongExtendsChainIsRefused) {
  TempDir dir;
  for (int i = 0; i < 5000; ++i)
    write_file(dir / ("c" + std::to_string(i) + ".json"),
               "{\"extends\": \"" + (i < 4999 ? "c" + std::to_string(i + 1) + ".json" : quick()) +
                   "\", \"name\": \"c" + std::to_string(i) + "\"}");
  const auto r = in_dir(dir, "validate c0.json");
  EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 500);
  EXPECT_EQ(r.output, one_error("c31.json: /extends: expected a chain of at most 32 files through "
                                "'extends', found a longer chain: c0.json -> ... -> c31.json -> "
                                "c32.json"));
  // A chain within the limit loads.
  write_file(dir / "c27.json", "{\"extends\": \"" + quick() + "\"}");
  EXPECT_EQ(in_dir(dir, "validate c0.json").exit_code, 0);
}

// 1e400 gave exit status 1 and nlohmann's message without a place.
TEST(HostileInput, NumberBeyondADoubleNamesItsPath) {
  TempDir dir;
  write_file(dir / "big.json", "{\"extends\": \"" + quick() + "\",\n \"seed\": 1e400}");
  const auto r = in_dir(dir, "validate big.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, one_error("big.json: /seed: expected a finite number (at most about 1.8e308 "
                                "in size), found number overflow parsing '1e400'"));
}

// A cost of 1e308 validated, and the run wrote infinite costs that `evaluate` then rejected.
TEST(HostileInput, MoneyHasAnUpperBound) {
  TempDir dir;
  write_file(dir / "cost.json",
             "{\"extends\": \"" + quick() +
                 "\", \"processes\": {\"need\": {\"cost_per_year\": {\"looked_after_residential\": "
                 "{\"council_childrens_services\": 1e308}}}}}");
  const auto r = in_dir(dir, "validate cost.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output,
            one_error("cost.json: /processes/need/cost_per_year/looked_after_residential/"
                      "council_childrens_services: expected a number in [0, 1000000000000], found "
                      "1e+308"));
}

// The last of two equal keys won, silently.
TEST(HostileInput, RepeatedKeyIsAnError) {
  TempDir dir;
  write_file(dir / "dup.json",
             "{\"extends\": \"" + quick() + "\", \"name\": \"a\", \"name\": \"b\"}");
  const auto r = in_dir(dir, "validate dup.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, one_error("dup.json: /name: expected each key at most once in an object, "
                                "found key 'name' a second time"));
}

// `info`, `evaluate` and `validate` of a FIFO waited for ever for a writer.
TEST(HostileInput, FifosAreRefusedAtOnce) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  const std::string fifo = "found a FIFO (named pipe), not a regular file\n";
  auto r = in_dir(dir, "validate fifo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output,
            one_error("fifo: expected a scenario file, " + fifo.substr(0, fifo.size() - 1)));
  r = in_dir(dir, "run fifo --quiet --out never.h5");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = in_dir(dir, "info fifo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, one_error("fifo: expected a civicsim result file (HDF5), " +
                                fifo.substr(0, fifo.size() - 1)));
  r = in_dir(dir, "evaluate fifo fifo --out ev");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("fifo: expected a civicsim result file (HDF5), " + fifo),
            std::string::npos);
  // A base named by "extends", a linked-data extract and the observed targets.
  write_file(dir / "extends.json", "{\"extends\": \"fifo\"}");
  r = in_dir(dir, "validate extends.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output,
            one_error("fifo: expected a scenario file, " + fifo.substr(0, fifo.size() - 1)));
  write_file(dir / "linked.json", "{\"extends\": \"" + quick() +
                                      "\", \"population\": {\"source\": \"linked\", "
                                      "\"households_csv\": \"fifo\", \"persons_csv\": \"fifo\"}}");
  r = in_dir(dir, "validate linked.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("linked.json: /population/persons_csv: expected an existing CSV file, "
                          "found '" +
                          (dir / "fifo").string() + "', a FIFO (named pipe), not a regular file"),
            std::string::npos)
      << r.output;
  RunResults results;
  results.time = {"2024-01"};
  RunIdentity identity;
  write_results(dir / "ok.h5", results, identity, RunMeta{});
  r = in_dir(dir, "observed ok.h5 --targets fifo");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output,
            one_error("fifo: expected a readable CSV file, " + fifo.substr(0, fifo.size() - 1)));
}

// `validate /dev/zero` read until memory ran out.
TEST(HostileInput, DevicesAreRefusedAtOnce) {
  TempDir dir;
  auto r = in_dir(dir, "validate /dev/zero");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, one_error("/dev/zero: expected a scenario file, found a character device, "
                                "not a regular file"));
  r = in_dir(dir, "info /dev/zero");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, one_error("/dev/zero: expected a civicsim result file (HDF5), found a "
                                "character device, not a regular file"));
}

// 10,000 replications of the quick scenario need tens of GB and ended in std::bad_alloc after
// minutes; now refused before the run starts. The machine's memory is set through
// CIVICSIM_MEMORY_LIMIT_BYTES, so the test neither depends on this machine nor allocates.
TEST(HostileInput, RunThatCannotFitInMemoryIsRefusedAtOnce) {
  TempDir dir;
  write_file(dir / "reps.json", "{\"extends\": \"" + quick() + "\", \"replications\": 10000}");
  const std::string limit = "CIVICSIM_MEMORY_LIMIT_BYTES=8000000000";
  auto r = in_dir(dir, "run reps.json --quiet --out reps.h5", limit);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(
      r.output.rfind("civicsim: 1 error in the input:\n  error: " + (dir / "reps.json").string() +
                         ": /replications: expected a run that fits in the memory this "
                         "process has: 8.0 GB (CIVICSIM_MEMORY_LIMIT_BYTES (set in the "
                         "environment)), found a run needing about ",
                     0),
      0u)
      << r.output;
  EXPECT_NE(r.output.find("(results of 10000 replications "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("use fewer replications, a smaller population (--scale or "
                          "population.scale)"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "reps.h5"));
  // `validate` warns: the scenario is valid, this machine too small.
  r = in_dir(dir, "validate reps.json", limit);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("civicsim: warning: "), std::string::npos) << r.output;
  // One replication fits, without a warning.
  r = in_dir(dir, "validate " + quick(), limit);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
  // A limit that is not a number of bytes is itself an input error.
  r = in_dir(dir, "run reps.json --quiet --out reps.h5", "CIVICSIM_MEMORY_LIMIT_BYTES=8GB");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output,
            one_error("environment variable CIVICSIM_MEMORY_LIMIT_BYTES: expected a whole "
                      "number of bytes, found '8GB'"));
}

// A cohort of 100 million persons (the schema's largest) needs about 6 GB: on a smaller machine
// it is refused before the population is built, by `validate` and `run` alike.
TEST(HostileInput, PopulationThatCannotFitIsRefusedBeforeItIsBuilt) {
  TempDir dir;
  write_file(dir / "big.json", R"({"name": "c", "horizon_years": 1, "step_months": 12,
 "population": {"source": "cohort", "cohort": {"size": 100000000, "states": {"m": "H"}}},
 "processes": {"m": {"states": ["H", "S"], "transitions": [
   {"from": "H", "to": "S", "probability_per_cycle": 0.1}]}}})");
  const std::string limit = "CIVICSIM_MEMORY_LIMIT_BYTES=2000000000";
  for (const std::string command : {"validate big.json", "run big.json --quiet --out big.h5"}) {
    const auto r = in_dir(dir, command, limit);
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.output;
    EXPECT_EQ(
        r.output.rfind("civicsim: 1 error in the input:\n  error: " + (dir / "big.json").string() +
                           ": /population: expected a run that fits in the memory this "
                           "process has: 2.0 GB (CIVICSIM_MEMORY_LIMIT_BYTES (set in the "
                           "environment)), found a population needing about 6.2 GB to build",
                       0),
        0u)
        << r.output;
  }
  EXPECT_FALSE(fs::exists(dir / "big.h5"));
}

// "age < 1 + 1 + ... + 1" with 200,000 terms overflowed the stack of the expression tree.
TEST(HostileInput, LongOperatorChainInAConditionIsRefused) {
  TempDir dir;
  std::string chain = "age < 1";
  for (int i = 0; i < 200000; ++i) chain += "+1";
  write_file(dir / "chain.json",
             R"({"name": "c", "horizon_years": 2, "step_months": 12,
 "population": {"source": "cohort", "cohort": {"size": 10, "states": {"m": "H"}}},
 "processes": {"m": {"states": ["H", "S"], "transitions": [
   {"from": "H", "to": "S", "probability_per_cycle": 0.1, "if": ")" +
                 chain + "\"}]}}}");
  const auto r = in_dir(dir, "validate chain.json");
  EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 500);
  EXPECT_EQ(r.output.rfind("civicsim: 1 error in the input:\n  error: chain.json: "
                           "/processes/m/transitions/0/if: expected an expression of at most 1000 "
                           "binary operators, found '+' at column ",
                           0),
            0u)
      << r.output.substr(0, 500);
}

}  // namespace
}  // namespace civicsim

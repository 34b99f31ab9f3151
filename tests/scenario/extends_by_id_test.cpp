// "extends" merging arrays by element id: an arm changes one transition's probability, removes
// one and adds one without restating the others; errors name the file and place they are in,
// also after elements have moved.
#include <gtest/gtest.h>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::write_file;

constexpr int kPersons = 40000;

// A cohort base: process m over A, B, C, D with transitions ab, bc, cd (ids), everyone in A.
json base_doc() {
  return {{"name", "base"},
          {"horizon_years", 6},
          {"step_months", 12},
          {"seed", 5},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", kPersons}, {"states", {{"m", "A"}}}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B", "C", "D"}},
              {"transitions",
               {{{"id", "ab"}, {"from", "A"}, {"to", "B"}, {"probability_per_cycle", 0.2}},
                {{"id", "bc"}, {"from", "B"}, {"to", "C"}, {"probability_per_cycle", 0.1}},
                {{"id", "cd"}, {"from", "C"}, {"to", "D"}, {"probability_per_cycle", 0.3}}}}}}}}};
}

void write_base(const TempDir& dir) { write_file(dir / "base.json", base_doc().dump(2)); }

void write_arm(const TempDir& dir, const std::string& name, const json& transitions) {
  write_file(dir / name, json{{"extends", "base.json"},
                              {"name", "arm"},
                              {"processes", {{"m", {{"transitions", transitions}}}}}}
                             .dump(2));
}

std::vector<std::string> load_errors(const std::filesystem::path& file) {
  try {
    load_scenario(file);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

struct Move {
  std::string from, to;
  double p;
  bool operator==(const Move&) const = default;
};

std::vector<Move> moves(const Scenario& s) {
  std::vector<Move> out;
  for (const TransitionSpec& t : s.processes.at(0).transitions)
    out.push_back({t.from, t.to, t.value.constant});
  return out;
}

TEST(ExtendsById, AnArmChangesOneTransitionsProbability) {
  TempDir dir;
  write_base(dir);
  write_arm(dir, "arm.json", {{{"id", "bc"}, {"probability_per_cycle", 0.4}}});
  const Scenario arm = load_scenario(dir / "arm.json");
  EXPECT_EQ(moves(arm), (std::vector<Move>{{"A", "B", 0.2}, {"B", "C", 0.4}, {"C", "D", 0.3}}));
  const json resolved = json::parse(arm.resolved_json);
  EXPECT_EQ(resolved["processes"]["m"]["transitions"][1]["id"], "bc");
  // The changed value is the arm's, the others the base's.
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/1/probability_per_cycle"),
            (dir / "arm.json").string());
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/1/from"), (dir / "base.json").string());
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/2/probability_per_cycle"),
            (dir / "base.json").string());

  // Run: the arm's trace is the exact chain with only B -> C changed.
  const RunResults r = testing::run_scenario(dir / "arm.json");
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(4, 4);
  P(0, 1) = 0.2, P(0, 0) = 0.8, P(1, 2) = 0.4, P(1, 1) = 0.6, P(2, 3) = 0.3, P(2, 2) = 0.7;
  P(3, 3) = 1;
  const Eigen::MatrixXd exact = verification::occupancy(P, Eigen::RowVector4d(1, 0, 0, 0), 6);
  testing::expect_trace_near(r, "m", exact, kPersons);
}

TEST(ExtendsById, RemovesAndAppends) {
  TempDir dir;
  write_base(dir);
  write_arm(dir, "arm.json",
            {{{"id", "ab"}, {"remove", true}},
             {{"id", "ad"}, {"from", "A"}, {"to", "D"}, {"probability_per_cycle", 0.05}},
             {{"id", "cd"}, {"to", "A"}, {"remove", false}}});
  const Scenario arm = load_scenario(dir / "arm.json");
  EXPECT_EQ(moves(arm), (std::vector<Move>{{"B", "C", 0.1}, {"C", "A", 0.3}, {"A", "D", 0.05}}));
  EXPECT_EQ(json::parse(arm.resolved_json)["processes"]["m"]["transitions"][1].count("remove"), 0u);
  // Places after a removal are the merged document's: the moved elements keep their files.
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/0/probability_per_cycle"),
            (dir / "base.json").string());
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/1/to"), (dir / "arm.json").string());
  EXPECT_EQ(arm.origin_of("/processes/m/transitions/2/from"), (dir / "arm.json").string());
}

TEST(ExtendsById, ARuleBrokenByAMergedElementNamesItsFileAtTheMergedPlace) {
  TempDir dir;
  write_base(dir);
  write_arm(dir, "arm.json", {{{"id", "ab"}, {"remove", true}}, {{"id", "cd"}, {"to", "Z"}}});
  EXPECT_EQ(load_errors(dir / "arm.json"),
            std::vector<std::string>{(dir / "arm.json").string() +
                                     ": /processes/m/transitions/1/to: expected one of the states "
                                     "of m: A, B, C, D, found 'Z'"});
}

TEST(ExtendsById, ArraysWithoutIdsStillReplaceWhole) {
  TempDir dir;
  write_base(dir);
  write_arm(dir, "arm.json", {{{"from", "A"}, {"to", "C"}, {"probability_per_cycle", 0.5}}});
  EXPECT_EQ(moves(load_scenario(dir / "arm.json")), (std::vector<Move>{{"A", "C", 0.5}}));
}

TEST(ExtendsById, ReportsWhatCannotBeMerged) {
  TempDir dir;
  write_base(dir);
  const std::string arm = (dir / "arm.json").string();
  const std::string at = arm + ": /processes/m/transitions";
  write_arm(dir, "arm.json",
            {{{"id", "ab"}, {"probability_per_cycle", 0.3}},
             {{"from", "A"}, {"to", "C"}, {"probability_per_cycle", 0.1}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + "/1: expected an element with an \"id\" (other "
                                          "elements of this array have one, so it merges into "
                                          "the base's array by id), found an object without an "
                                          "\"id\""});
  write_arm(dir, "arm.json",
            {{{"id", "ab"}, {"probability_per_cycle", 0.3}},
             {{"id", "ab"}, {"probability_per_cycle", 0.4}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + "/1/id: expected an id not used before in this array, "
                                          "found \"ab\""});
  write_arm(dir, "arm.json", {{{"id", "xy"}, {"remove", true}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + "/0/id: expected the id of an element of the base's "
                                          "array (to remove it), found \"xy\", which the base's "
                                          "array does not have"});
  write_arm(dir, "arm.json", {{{"id", "ab"}, {"remove", true}, {"to", "C"}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + "/0: expected only \"id\" and \"remove\" in an element "
                                          "that removes one, found other keys beside them"});
  write_arm(dir, "arm.json", {{{"from", "A"}, {"to", "C"}, {"remove", true}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + "/0/remove: expected \"remove\" only in an element with "
                                          "an \"id\", merged into the base's array by id, found "
                                          "an element without an \"id\""});
  // A base whose elements have no ids cannot take elements by id.
  json base = base_doc();
  for (json& t : base["processes"]["m"]["transitions"]) t.erase("id");
  write_file(dir / "base.json", base.dump());
  write_arm(dir, "arm.json", {{{"id", "ab"}, {"probability_per_cycle", 0.3}}});
  EXPECT_EQ(load_errors(arm),
            std::vector<std::string>{at + ": expected elements without \"id\" (the array then "
                                          "replaces the base's whole), or a base array whose "
                                          "elements all have an \"id\", found elements with ids, "
                                          "and element 0 of the base's array without one"});
}

TEST(ExtendsById, ARepeatedIdInOneFileIsAnError) {
  TempDir dir;
  write_base(dir);
  json base = base_doc();
  base["processes"]["m"]["transitions"][2]["id"] = "ab";
  write_file(dir / "base.json", base.dump());
  EXPECT_EQ(load_errors(dir / "base.json"),
            std::vector<std::string>{(dir / "base.json").string() +
                                     ": /processes/m/transitions/2/id: expected an id not used "
                                     "before in this array, found \"ab\""});
}

TEST(ExtendsById, MergeScenarioJsonMergesByIdToo) {
  json base = json::parse(R"({"a": [{"id": "x", "v": 1}, {"id": "y", "v": 2}], "b": [4]})");
  merge_scenario_json(base, json::parse(R"({"a": [{"id": "y", "v": 3}, {"id": "z"}], "b": [5]})"));
  EXPECT_EQ(base, json::parse(R"({"a": [{"id": "x", "v": 1}, {"id": "y", "v": 3}, {"id": "z"}],
                                  "b": [5]})"));
}

}  // namespace
}  // namespace civicsim

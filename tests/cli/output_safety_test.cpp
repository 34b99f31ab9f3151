// Every write is safe (issue #14), end to end through the civicsim program: an output target that
// is a device, FIFO or socket (or a link to one) is refused with status 2 and left alone; a full
// disk or any failed write gives status 1, a message naming the file and the reason, no file under
// the final name and no temporary files; SIGTERM removes the temporaries in flight and exits with
// 143, keeping the file being replaced; stale temporaries of a target are removed by its next
// write; text cells that a spreadsheet would run as formulas are neutralised in the CSV tables.
//
// Failed writes are injected with tests/fault_injection/fail_write.c (LD_PRELOAD): it fails the Nth
// write, sync, close or rename under a folder, and each command is run with N = 1, 2, ... until it
// succeeds. The disk-full and /dev/null tests need root (mounting a 200 KB tmpfs; touching
// /dev/null) and are skipped otherwise.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/core/csv_table.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;
using testing::TempDir;

std::string civicsim() { return testing::civicsim_binary().string(); }
std::string quick_scenario() {
  return (testing::source_dir() / "scenarios/lcr/quick.json").string();
}
std::string fail_write_library() { return CIVICSIM_FAIL_WRITE_LIB; }
// Anything that blocks (a FIFO opened by mistake) ends instead of hanging the suite.
std::string civicsim_cmd() { return "timeout 120 " + civicsim(); }

bool sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#endif
#endif
  return false;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every temporary name below `folder` ("NAME.tmp" or "NAME.tmp-PID").
std::vector<std::string> temporaries(const fs::path& folder) {
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find(".tmp") != std::string::npos) found.push_back(it->path().string());
  }
  return found;
}

bool is_a_fifo(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

bool dev_null_is_intact() {
  struct stat st {};
  return ::lstat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode);
}

// Two paired result files made once for the suite: the quick LCR baseline at 1% and the same run
// under a name that a spreadsheet would take for a formula.
class Runs {
 public:
  static constexpr const char* kFormulaName = "=HYPERLINK(\"http://x\",\"y\")";
  static const Runs& get() {
    static const Runs runs;
    return runs;
  }
  fs::path baseline() const { return dir_ / "base.h5"; }
  fs::path option() const { return dir_ / "opt.h5"; }
  // One observed figure inside the runs' two years, for `observed`.
  fs::path targets() const { return dir_ / "targets.csv"; }

 private:
  Runs() {
    testing::write_file(
        targets(),
        "measure,area,period,observed,observed_count,numerator,denominator,per,source\n"
        "cla_per_10k,Halton,2021-04,132.3,367,need.occupancy[need.state=looked_after_inhouse_"
        "foster|"
        "looked_after_residential;council=Halton],population[age_band=0|1-4|5-10|11-15|16-17;"
        "council=Halton],10000,test\n");
    testing::write_file(
        dir_ / "opt.json",
        nlohmann::json{{"extends", quick_scenario()}, {"name", kFormulaName}}.dump());
    for (const auto& [scenario, out] : {std::pair{quick_scenario(), baseline()},
                                        std::pair{(dir_ / "opt.json").string(), option()}}) {
      const auto r = run_command(civicsim_cmd() + " run " + scenario +
                                 " --scale 0.01 --quiet --out " + out.string());
      if (r.exit_code != 0)
        throw std::runtime_error("setting up " + out.string() + ": " + r.output);
    }
  }
  TempDir dir_;
};

std::string run_cmd(const fs::path& out) {
  return civicsim_cmd() + " run " + quick_scenario() + " --scale 0.01 --quiet --out " +
         out.string();
}
std::string evaluate_cmd(const fs::path& out) {
  return civicsim_cmd() + " evaluate " + Runs::get().baseline().string() + " " +
         Runs::get().option().string() + " --quiet --out " + out.string();
}
std::string observed_cmd(const fs::path& out) {
  return civicsim_cmd() + " observed " + Runs::get().baseline().string() + " --targets " +
         Runs::get().targets().string() + " --out " + out.string();
}
std::string export_cmd(const fs::path& out) {
  return civicsim_cmd() + " population export " + quick_scenario() + " --scale 0.01 " +
         out.string();
}

// A refused target: status 2, an input error naming the path, what was expected and found.
void expect_refused(const testing::CommandResult& r, const fs::path& target,
                    const std::string& found) {
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(target.string() + ": expected "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("found " + found), std::string::npos) << r.output;
}

TEST(OutputTargets, SpecialFilesAndFoldersAreRefusedAndKept) {
  TempDir dir;
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path null_link = dir / "null-link";
  fs::create_symlink("/dev/null", null_link);
  const std::string fifo_found = "a FIFO (named pipe)";

  expect_refused(run_command(run_cmd(fifo)), fifo, fifo_found);
  expect_refused(run_command(run_cmd(null_link)), null_link,
                 "a symbolic link (to /dev/null) to a character device");
  expect_refused(run_command(observed_cmd(fifo)), fifo, fifo_found);
  expect_refused(run_command(observed_cmd(null_link)), null_link,
                 "a symbolic link (to /dev/null) to a character device");
  expect_refused(run_command(evaluate_cmd(fifo)), fifo, fifo_found);
  expect_refused(run_command(export_cmd(fifo)), fifo, fifo_found);
  // A folder where a result file goes, and the run's checkpoint being a FIFO.
  fs::create_directories(dir / "folder.h5/inside");
  expect_refused(run_command(run_cmd(dir / "folder.h5")), dir / "folder.h5", "a folder");
  ASSERT_EQ(::mkfifo((dir / "cp.h5.partial.h5").c_str(), 0600), 0);
  expect_refused(run_command(run_cmd(dir / "cp.h5")), dir / "cp.h5.partial.h5", fifo_found);
  // A FIFO among the files of an evaluation folder or a population export: nothing is written.
  ASSERT_EQ(::mkfifo((dir / "headline.csv").c_str(), 0600), 0);
  fs::create_directories(dir / "ev");
  fs::rename(dir / "headline.csv", dir / "ev/headline.csv");
  expect_refused(run_command(evaluate_cmd(dir / "ev")), dir / "ev/headline.csv", fifo_found);
  fs::create_directories(dir / "pop");
  ASSERT_EQ(::mkfifo((dir / "pop/persons.csv").c_str(), 0600), 0);
  expect_refused(run_command(export_cmd(dir / "pop")), dir / "pop/persons.csv", fifo_found);

  EXPECT_TRUE(is_a_fifo(fifo));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(null_link)));
  EXPECT_TRUE(dev_null_is_intact());
  EXPECT_TRUE(is_a_fifo(dir / "cp.h5.partial.h5"));
  EXPECT_TRUE(is_a_fifo(dir / "ev/headline.csv"));
  EXPECT_TRUE(is_a_fifo(dir / "pop/persons.csv"));
  EXPECT_FALSE(fs::exists(dir / "cp.h5"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "ev"), fs::directory_iterator()), 1);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "pop"), fs::directory_iterator()), 1);
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

// With --one-way, the variants' folder `OUT.one_way` must be a folder.
TEST(OutputTargets, OneWayFolderThatIsAFifoIsRefused) {
  TempDir dir;
  const nlohmann::json scenario = {
      {"name", "cohort_one_way"},
      {"start", "2020-01"},
      {"horizon_years", 2},
      {"step_months", 12},
      {"population", {{"source", "cohort"}, {"cohort", {{"size", 200}, {"states", {{"m", "A"}}}}}}},
      {"processes",
       {{"m",
         {{"states", {"A", "B"}},
          {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}}}}}},
      {"uncertainty",
       {{"one_way",
         {{"/processes/m/transitions/0/rate_per_year", {{"low", 0.1}, {"high", 0.6}}}}}}}};
  testing::write_file(dir / "s.json", scenario.dump());
  ASSERT_EQ(::mkfifo((dir / "r.one_way").c_str(), 0600), 0);
  const auto r = run_command(civicsim_cmd() + " run " + (dir / "s.json").string() +
                             " --quiet --one-way --out " + (dir / "r.h5").string());
  expect_refused(r, dir / "r.one_way", "a FIFO (named pipe)");
  EXPECT_TRUE(is_a_fifo(dir / "r.one_way"));
  EXPECT_FALSE(fs::exists(dir / "r.h5"));
}

// The reported case itself. Run only as root (elsewhere /dev/null cannot be replaced anyway); if a
// regression did replace it, the device is made again so the machine keeps working.
TEST(OutputTargets, DevNullIsRefusedAndStaysADevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: only root could replace /dev/null";
  ASSERT_TRUE(dev_null_is_intact());
  const auto run = run_command(run_cmd("/dev/null"));
  const auto observed = run_command(observed_cmd("/dev/null"));
  const bool intact = dev_null_is_intact();
  if (!intact) {
    ::unlink("/dev/null");
    ::mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
    ::chmod("/dev/null", 0666);
  }
  EXPECT_TRUE(intact) << "/dev/null was replaced (and has been made again)";
  expect_refused(run, "/dev/null", "a character device");
  expect_refused(observed, "/dev/null", "a character device");
}

// A 200 KB tmpfs mounted on a folder for the test's lifetime (root only).
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const fs::path& at) : at_(at) {
    fs::create_directories(at_);
    mounted_ = ::mount("tmpfs", at_.c_str(), "tmpfs", 0, "size=200k") == 0;
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path at_;
  bool mounted_ = false;
};

// A failed write: status 1, the file and the reason named, nothing under the final name(s), no
// temporaries. Returns the file the message names.
fs::path expect_failed_write(const testing::CommandResult& r, const fs::path& folder,
                             const std::string& reason) {
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(reason), std::string::npos) << r.output;
  const size_t at = r.output.find("cannot write ");
  const size_t path_at = r.output.find(folder.string(), at == std::string::npos ? 0 : at);
  EXPECT_TRUE(at != std::string::npos && path_at != std::string::npos) << r.output;
  if (at == std::string::npos || path_at == std::string::npos) return {};
  const fs::path named = r.output.substr(path_at, r.output.find(':', path_at) - path_at);
  EXPECT_FALSE(fs::exists(named)) << named << " exists after a failed write:\n" << r.output;
  EXPECT_EQ(temporaries(folder), std::vector<std::string>{}) << r.output;
  return named;
}

TEST(OutputDiskFull, FullFilesystemGivesStatusOneAndLeavesNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a 200 KB tmpfs";
  TempDir dir;
  SmallFilesystem small(dir / "small");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (no CAP_SYS_ADMIN)";
  const fs::path out = dir / "small/run/out.h5";
  const auto run = run_command(run_cmd(out));
  EXPECT_EQ(expect_failed_write(run, dir / "small", "No space left on device"), out);
  const auto evaluate = run_command(evaluate_cmd(dir / "small/ev"));
  expect_failed_write(evaluate, dir / "small", "No space left on device");
  EXPECT_FALSE(fs::exists(dir / "small/ev/report.html"));
}

// Runs `command(folder)` with the Nth watched write failing, for N = 1, 2, ... until it succeeds;
// each failure must be clean. Returns the successful run's folder.
void fail_each_write_in_turn(const TempDir& dir, const std::string& name,
                             const std::function<std::string(const fs::path&)>& command,
                             const std::function<void(const fs::path&)>& check_failed,
                             const std::function<void(const fs::path&)>& check_succeeded) {
  constexpr int kMaxCalls = 200;
  for (int n = 1; n <= kMaxCalls; ++n) {
    const fs::path folder = dir / (name + "-" + std::to_string(n));
    fs::create_directories(folder);
    const auto r = run_command(
        "env LD_PRELOAD=" + fail_write_library() + " CIVICSIM_FAIL_DIR=" + folder.string() +
        " CIVICSIM_FAIL_AT=" + std::to_string(n) + " " + command(folder / "out"));
    if (r.exit_code == 0) {
      EXPECT_GT(n, 1) << name << ": no write was watched\n" << r.output;
      EXPECT_EQ(r.output.find("fail_write: failing"), std::string::npos)
          << name << ": an injected failure went unnoticed\n"
          << r.output;
      check_succeeded(folder / "out");
      EXPECT_EQ(temporaries(folder), std::vector<std::string>{});
      return;
    }
    SCOPED_TRACE(name + " with write call " + std::to_string(n) + " failing");
    expect_failed_write(r, folder, "No space left on device");
    check_failed(folder / "out");
    if (::testing::Test::HasFailure()) return;
    fs::remove_all(folder);
  }
  ADD_FAILURE() << name << " never succeeded within " << kMaxCalls << " write calls";
}

class OutputFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (sanitized()) GTEST_SKIP() << "LD_PRELOAD fault injection does not mix with sanitizers";
  }
  TempDir dir_;
};

TEST_F(OutputFaults, EveryFailedWriteOfARunIsClean) {
  fail_each_write_in_turn(
      dir_, "run", run_cmd, [](const fs::path& out) { EXPECT_FALSE(fs::exists(out)); },
      [](const fs::path& out) { EXPECT_GT(read_results(out).identity.replications, 0); });
}

TEST_F(OutputFaults, EveryFailedWriteOfObservedIsClean) {
  fail_each_write_in_turn(
      dir_, "observed", observed_cmd, [](const fs::path& out) { EXPECT_FALSE(fs::exists(out)); },
      [](const fs::path& out) { EXPECT_NE(read_text(out).find("|"), std::string::npos); });
}

TEST_F(OutputFaults, EveryFailedWriteOfAnEvaluationIsClean) {
  fail_each_write_in_turn(
      dir_, "evaluate", evaluate_cmd,
      [](const fs::path& out) { EXPECT_FALSE(fs::exists(out / "report.html")); },
      [](const fs::path& out) {
        EXPECT_TRUE(fs::exists(out / "report.html"));
        EXPECT_TRUE(fs::exists(out / "evaluation.h5"));
      });
}

TEST_F(OutputFaults, EveryFailedWriteOfAPopulationExportIsClean) {
  fail_each_write_in_turn(
      dir_, "export", export_cmd,
      [](const fs::path& out) { EXPECT_FALSE(fs::exists(out / "persons.csv")); },
      [](const fs::path& out) { EXPECT_TRUE(fs::exists(out / "persons.csv")); });
}

// Starts civicsim with `args` and fail_write.c slowing every write under `folder` down to a crawl,
// waits for a temporary to appear there, sends SIGTERM and returns the wait status.
int sigterm_while_writing(const fs::path& folder, const std::vector<std::string>& args) {
  std::string binary = civicsim();
  std::vector<std::string> words{binary};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<std::string> env{"LD_PRELOAD=" + fail_write_library(),
                               "CIVICSIM_FAIL_DIR=" + folder.string(),
                               "CIVICSIM_FAIL_DELAY_MS=30000"};
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  std::vector<char*> argv, envp;
  for (auto& w : words) argv.push_back(w.data());
  for (auto& e : env) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const std::string log = folder.string() + ".log";
  const pid_t pid = ::fork();
  if (pid == 0) {  // only async-signal-safe calls between fork and exec
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (temporaries(folder).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(temporaries(folder).empty()) << "no temporary appeared in " << folder;
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(OutputSignals, SigtermDuringAWriteRemovesTheTemporaryAndKeepsTheOldFile) {
  if (sanitized()) GTEST_SKIP() << "LD_PRELOAD fault injection does not mix with sanitizers";
  TempDir dir;
  const fs::path folder = dir / "out";
  fs::create_directories(folder);
  // The file being replaced stands for a checkpoint: it must stay whole until its successor is.
  fs::copy_file(Runs::get().baseline(), folder / "r.h5");
  const std::string before = read_text(folder / "r.h5");
  const int status =
      sigterm_while_writing(folder, {"run", quick_scenario(), "--scale", "0.01", "--seed", "9",
                                     "--quiet", "--out", (folder / "r.h5").string()});
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGTERM)
      << "wait status " << status << "\n"
      << read_text(folder.string() + ".log");
  EXPECT_EQ(temporaries(folder), std::vector<std::string>{});
  EXPECT_TRUE(read_text(folder / "r.h5") == before) << "the old file was changed";
  EXPECT_EQ(read_results(folder / "r.h5").identity.seed,
            read_results(Runs::get().baseline()).identity.seed);
}

TEST(OutputTemporaries, StaleTemporariesOfTheTargetAreRemovedByTheNextRun) {
  TempDir dir;
  const fs::path out = dir / "r.h5";
  const std::string live = std::to_string(::getpid());  // this test: a running process
  for (const std::string& name :
       std::vector<std::string>{"r.h5.tmp-99999999", "r.h5.partial.h5.tmp-99999999", "r.h5.tmp",
                                "r.h5.tmp-" + live, "other.h5.tmp-99999999"})
    testing::write_file(dir / name, "left behind");
  const auto r = run_command(run_cmd(out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists(dir / "r.h5.tmp-99999999"));
  EXPECT_FALSE(fs::exists(dir / "r.h5.partial.h5.tmp-99999999"));
  EXPECT_FALSE(fs::exists(dir / "r.h5.tmp"));
  EXPECT_TRUE(fs::exists(dir / ("r.h5.tmp-" + live)));     // a live process's: kept
  EXPECT_TRUE(fs::exists(dir / "other.h5.tmp-99999999"));  // another target's: kept
}

TEST(OutputCsv, FormulaLikeOptionNameIsNeutralisedInTheTables) {
  TempDir dir;
  const auto r = run_command(evaluate_cmd(dir / "ev"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string headline = read_text(dir / "ev/headline.csv");
  const std::string second_line = headline.substr(headline.find('\n') + 1);
  EXPECT_EQ(second_line.rfind("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", 0), 0u) << headline;
  const CsvTable table = CsvTable::read(dir / "ev/headline.csv");
  EXPECT_EQ(table.cell(0, 0), std::string("'") + Runs::kFormulaName);
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "ev")) {
    if (e.path().extension() != ".csv") continue;
    EXPECT_EQ(read_text(e.path()).find("\n\"=HYPERLINK"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace civicsim

#include "cli/evaluate_command.hpp"

#include <cstdio>
#include <filesystem>

#include "engine/core/output_target.hpp"
#include "outputs/atomic_text.hpp"
#include "outputs/evaluation/evaluation_tables.hpp"
#include "outputs/evaluation/paired_runs.hpp"
#include "outputs/report/report_html.hpp"

namespace civicsim::cli {
namespace {

// "more_costly_more_effective" -> "more costly more effective", for the summary line.
std::string status_words(std::string token) {
  for (char& c : token)
    if (c == '_') c = ' ';
  return token;
}

// Refuses, before any work, an output folder or file that is something else (a FIFO, a device).
void check_output_targets(const std::filesystem::path& dir) {
  check_folder_target(dir);
  for (const std::string& name : evaluation::evaluation_table_names())
    check_file_target(dir / (name + ".csv"));
  for (const char* name : {"evaluation.h5", "evaluation.json", "report.html"})
    check_file_target(dir / name);
}

// A number for the tables below, or "-" when there is none.
std::string figure(const nlohmann::json& v, int decimals) {
  if (!v.is_number()) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v.get<double>());
  return buf;
}

// Each arm's own results per person and the incremental table, with the convention they follow.
void print_arms(const nlohmann::json& doc) {
  const auto& arms = doc["arms"];
  if (arms.empty()) return;
  const auto& st = doc["settings"];
  std::printf("  Discounting %s: costs %.2f%%, health %.2f%% a year; %s.\n",
              st["discounting"].get<std::string>().c_str(), 100 * st["cost_rate"].get<double>(),
              100 * st["health_rate"].get<double>(),
              st["convention"]["text"].get<std::string>().c_str());
  std::printf(
      "  Per person over the appraisal period (%d cycles of %.3g years), mean over "
      "replications:\n",
      st["convention"]["cycles"].get<int>(), st["convention"]["cycle_years"].get<double>());
  std::printf("    %-32s %14s %14s %10s %10s %10s %10s\n", "arm", "costs", "costs undisc", "QALYs",
              "undisc", "life-years", "undisc");
  for (size_t i = 0; i < arms.size(); i += 6) {  // 3 measures x (undiscounted, discounted)
    const auto v = [&](size_t k) { return arms[i + k]["per_person"]["mean"]; };
    std::printf("    %-32s %14s %14s %10s %10s %10s %10s\n",
                arms[i]["arm"].get<std::string>().c_str(), figure(v(1), 2).c_str(),
                figure(v(0), 2).c_str(), figure(v(3), 4).c_str(), figure(v(2), 4).c_str(),
                figure(v(5), 4).c_str(), figure(v(4), 4).c_str());
  }
  std::printf("  Incremental analysis (discounted, per person, by cost):\n");
  std::printf("    %-32s %14s %10s %14s %10s %14s  %s\n", "arm", "cost", "QALYs", "inc. cost",
              "inc. QALYs", "ICER", "status");
  for (const auto& r : doc["incremental"]) {
    std::string status = status_words(r["status"].get<std::string>());
    if (!r["dominated_by"].empty()) {
      std::string by;
      for (const auto& b : r["dominated_by"])
        by += (by.empty() ? "" : " and ") + b.get<std::string>();
      status += " by " + by;
    }
    std::printf("    %-32s %14s %10s %14s %10s %14s  %s\n", r["arm"].get<std::string>().c_str(),
                figure(r["cost"], 2).c_str(), figure(r["qalys"], 4).c_str(),
                figure(r["incremental_cost"], 2).c_str(), figure(r["incremental_qalys"], 4).c_str(),
                figure(r["icer"], 0).c_str(), status.c_str());
  }
}

}  // namespace

int evaluate_command(const EvaluateOptions& o) {
  check_output_targets(o.out);
  std::vector<std::filesystem::path> files(o.options.begin(), o.options.end());
  const evaluation::PairedRuns runs =
      evaluation::read_paired_runs(o.baseline, files, o.settings.price_year);
  const nlohmann::json doc = evaluation::evaluation_document(runs, o.settings);
  const std::filesystem::path dir = o.out;
  std::filesystem::create_directories(dir);
  // The report goes last: a folder with report.html holds a complete evaluation.
  std::filesystem::remove(dir / "report.html");
  const auto tables = evaluation::evaluation_tables(doc);
  for (const auto& t : tables) evaluation::write_csv(t, dir / (t.name + ".csv"));
  evaluation::write_h5(tables, doc, dir / "evaluation.h5");
  write_text_atomically(dir / "evaluation.json", doc.dump(1));
  write_text_atomically(dir / "report.html", report::render_report_html(doc));
  if (!o.quiet) {
    std::printf("civicsim evaluate: %zu option%s against %s, %d replication%s paired by seed\n",
                runs.options.size(), runs.options.size() == 1 ? "" : "s",
                runs.baseline.name.c_str(), runs.baseline.data.identity.replications,
                runs.baseline.data.identity.replications == 1 ? "" : "s");
    std::printf("  %s\n", doc["settings"]["sampling"]["text"].get<std::string>().c_str());
    for (const auto& opt : doc["options"]) {
      const auto& h = opt["headline"];
      const auto money = [](const nlohmann::json& v) {
        return v.is_null() ? std::string("-")
                           : std::to_string(static_cast<long long>(std::llround(v.get<double>())));
      };
      std::printf(
          "  %-32s NPSV %14s GBP   NPV (fiscal) %14s GBP   QALYs gained %10.2f   ICER status %s\n",
          opt["name"].get<std::string>().c_str(), money(h["npsv"]["mean"]).c_str(),
          money(h["npv_fiscal"]["mean"]).c_str(),
          h["qalys_gained"]["mean"].is_null() ? 0.0 : h["qalys_gained"]["mean"].get<double>(),
          status_words(h["icer_status"].get<std::string>()).c_str());
    }
    print_arms(doc);
    std::printf("  wrote %s/report.html, evaluation.h5, evaluation.json and %zu CSV tables\n",
                dir.string().c_str(), tables.size());
  }
  return 0;
}

}  // namespace civicsim::cli

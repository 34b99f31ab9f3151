// Runs the scenario file argv[1] through the installed library and writes argv[2], as `civicsim run`
// would: scripts/check_install.sh compares the two files.
#include <cstdio>

#include "api/run_scenario.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer SCENARIO.json OUT.h5\n");
    return 2;
  }
  civicsim::RunRequest request;
  request.scenario = std::filesystem::path(argv[1]);
  request.out = argv[2];
  request.quiet = true;
  try {
    const civicsim::RunOutcome run = civicsim::run_scenario(request);
    std::printf("%zu series, %d replication(s)\n", run.results.series.size(),
                run.results.replications);
  } catch (const civicsim::InputError& e) {
    for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return 2;
  }
  return 0;
}

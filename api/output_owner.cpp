// Refusing to write over another scenario's result (output_owner.hpp).
#include "api/output_owner.hpp"

#include <exception>
#include <system_error>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"

namespace civicsim {

void check_output_owner(const std::filesystem::path& file, const std::string& scenario_name,
                        ExistingFile kind) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return;  // absent; other kinds: check_file_target
  const std::string what = kind == ExistingFile::kCheckpoint ? "checkpoint" : "result";
  const std::string expected =
      "no file, or a civicsim " + what + " of scenario '" + scenario_name +
      "' (this run's, which it replaces): a run never writes over another scenario's " + what +
      "; give another --out, or state outputs.file in the scenario file";
  std::string owner;
  try {
    owner = read_result_scenario_name(file);  // any format version: a rerun after an upgrade
  } catch (const InputError& e) {
    if (kind == ExistingFile::kCheckpoint) return;
    const auto& d = e.diagnostics();
    throw InputError(Diagnostic{file.string(), "", expected,
                                "a file that is not a complete civicsim result (" +
                                    (d.empty() ? std::string(e.what()) : d.front().found) + ")"});
  } catch (const std::exception& e) {  // e.g. sizes so damaged that reading runs out of memory
    if (kind == ExistingFile::kCheckpoint) return;
    throw InputError(Diagnostic{
        file.string(), "", expected,
        std::string("a file that cannot be read as a civicsim result (") + e.what() + ")"});
  }
  if (owner != scenario_name)
    throw InputError(
        Diagnostic{file.string(), "/", expected,
                   "the " + what + " of scenario '" + owner + "' (its scenario_name)"});
}

}  // namespace civicsim

// Errors in user input (scenario files, data files, command-line values).
//
// Every problem in user input is reported as a Diagnostic naming the file, the place in it (a JSON path
// such as /population/scale, or "line 12, column age_3" in a CSV file), what was expected and what was
// found. Loaders collect every diagnostic they can before throwing one InputError, so a user fixes all
// problems in one pass. Exceptions are thrown at input boundaries only, never inside parallel regions.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace civicsim {

struct Diagnostic {
  std::string file;      // the file the problem is in ("" for command-line values)
  std::string location;  // JSON path ("/population/scale") or CSV place ("line 12, column age_3")
  std::string expected;  // what a valid value looks like
  std::string found;     // what was there
  std::string to_string() const;
};

// Thrown once, after collecting, with every diagnostic found. The CLI prints them and exits with 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic)
      : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Collects diagnostics while a loader keeps going; throws them all together at the end. At most
// limits::kMaxDiagnostics (input_limits.hpp) are kept, since a hostile file may hold millions of
// problems; the rest are counted, and the list ends with one diagnostic saying how many.
class DiagnosticList {
 public:
  void add(Diagnostic d);
  void add(std::string file, std::string location, std::string expected, std::string found) {
    add(Diagnostic{std::move(file), std::move(location), std::move(expected), std::move(found)});
  }
  void append(const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) add(d);
  }
  bool empty() const { return size() == 0; }
  // Every diagnostic added, those left out included.
  size_t size() const { return items_.size() + left_out_; }
  // The diagnostics kept, then (when some were left out) one saying how many.
  std::vector<Diagnostic> items() const;
  // Throws InputError if anything was collected.
  void throw_if_any() const {
    if (!empty()) throw InputError(items());
  }

 private:
  std::vector<Diagnostic> items_;
  size_t left_out_ = 0;
};

}  // namespace civicsim

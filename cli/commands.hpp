// The civicsim command line: run, validate, schema, info, population export.
#pragma once

namespace civicsim::cli {
// Parses arguments and runs one command; returns the process exit status
// (0 success, 1 runtime failure, 2 invalid input).
int main(int argc, char** argv);
}  // namespace civicsim::cli

// civicsim: entry point. All commands live in cli/commands.cpp.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return civicsim::cli::main(argc, argv); }

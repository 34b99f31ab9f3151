#include "cli/commands.hpp"

namespace civicsim::cli {
int main(int, char**) { return 1; }
}  // namespace civicsim::cli

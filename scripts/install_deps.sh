#!/usr/bin/env bash
# Installs the Debian 12 packages civicsim needs, only those missing. Runs apt-get as root, or via sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config   # compiler and build system (CMake >= 3.25 on Debian 12)
  libeigen3-dev                      # Eigen: IPF and exact Markov-chain checks
  libboost-dev                       # Boost.Random distributions
  libhdf5-dev hdf5-tools             # HDF5 result files; h5diff/h5dump for checks
  nlohmann-json3-dev                 # scenario files
  librandom123-dev                   # Philox counter-based random numbers
  libcli11-dev                       # command-line parsing
  libgtest-dev                       # GoogleTest
  chromium chromium-driver           # headless browser: the HTML report's browser test and screenshots
  poppler-utils                      # pdftotext/pdftoppm: the report's print test and first-page screenshot
  clang libclang-rt-14-dev libomp-dev  # fuzzing (scripts/fuzz.sh): clang 14, libFuzzer, ASan/UBSan, OpenMP
  clang-format                       # clang-format 14: scripts/check_format.sh
  ccache python3                     # fuzz build cache; fuzz seed and triage scripts
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "civicsim: installing missing Debian packages: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing schannel-emu need.
# Idempotent: packages already present are left alone, so a second run costs one dpkg query.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ clang clang-format clang-tidy libclang-rt-14-dev pkg-config
  # libraries the code links
  libssl-dev libboost-dev nlohmann-json3-dev libgtest-dev libgmock-dev libpcap-dev
  libbenchmark-dev libgnutls28-dev
  # independent peers the tests drive
  openssl gnutls-bin swaks libnet-ssleay-perl curl msmtp python3 tcpdump netcat-openbsd
  # headless browser for the check command's HTML report test
  chromium
  # instruction counts for bench/handshake_instructions.sh
  valgrind
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "ci/install-deps.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "ci/install-deps.sh: missing packages: ${missing[*]}" >&2
  echo "ci/install-deps.sh: run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "ci/install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

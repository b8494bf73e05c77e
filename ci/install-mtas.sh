#!/usr/bin/env bash
# Installs the real mail transfer agents and SMTP clients the conformance suite drives.
#
# Postfix comes from apt, told by debconf to write no configuration, so no system
# instance starts; the suite runs its own instances from private folders. Exim conflicts
# with Postfix on apt (both provide mail-transport-agent), so its daemon package is only
# downloaded and unpacked into a private folder (default /opt/schannel-emu/exim4) and run
# from there; its shared libraries are installed normally.
#
# Idempotent: what is already present is left alone. Needs root for apt.
# Usage: bash ci/install-mtas.sh [EXIM_DIR]
set -euo pipefail

exim_dir=${1:-${SCHANNEL_EMU_EXIM_DIR:-/opt/schannel-emu/exim4}}

packages=(
  postfix swaks libnet-ssleay-perl curl msmtp python3 openssl gnutls-bin
  # the libraries exim4-daemon-light links against, so the unpacked binary runs
  libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0 libcrypt1
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
need_exim=0
[[ -x "$exim_dir/usr/sbin/exim4" ]] || need_exim=1
# The Debian build of exim looks its user up by name at start-up; exim4-base, which we do
# not install, would create it.
getent passwd Debian-exim >/dev/null || need_exim=1

if ((${#missing[@]} == 0 && need_exim == 0)); then
  echo "ci/install-mtas.sh: everything present (exim in $exim_dir)"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "ci/install-mtas.sh: missing: ${missing[*]}$( ((need_exim)) && echo " exim4 in $exim_dir")" >&2
  echo "ci/install-mtas.sh: run this script as root (it uses apt-get)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

if ((${#missing[@]} > 0)); then
  # "No configuration": the package installs binaries and the postfix user, writes no
  # main.cf and starts nothing, so it cannot clash with the suite's private instances.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "ci/install-mtas.sh: installing ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ((need_exim)); then
  echo "ci/install-mtas.sh: unpacking exim4-daemon-light into $exim_dir"
  download_dir=$(mktemp -d)
  trap 'rm -rf "$download_dir"' EXIT
  chmod 755 "$download_dir"  # apt downloads as the _apt user
  getent passwd _apt >/dev/null && chown _apt "$download_dir"
  (cd "$download_dir" && apt-get download -qq exim4-daemon-light)
  mkdir -p "$exim_dir"
  dpkg -x "$download_dir"/exim4-daemon-light_*.deb "$exim_dir"
  # The unpacked binary keeps its setuid bit; the suite never needs it.
  chmod u-s "$exim_dir/usr/sbin/exim4"
  if ! getent passwd Debian-exim >/dev/null; then
    adduser --system --group --quiet --no-create-home --home /nonexistent \
      --disabled-login --force-badname Debian-exim
  fi
fi

echo "ci/install-mtas.sh: postfix $(postconf -d -h mail_version 2>/dev/null || echo '?'), exim $("$exim_dir/usr/sbin/exim4" -C /dev/null -bV 2>/dev/null | sed -n '1s/^Exim version \([^ ]*\).*/\1/p')"

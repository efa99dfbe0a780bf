#!/usr/bin/env bash
# Installs the Debian packages XinQiao needs when they are missing (as root), else says what to install.
# Usage: scripts/deps.sh [build|test]
set -euo pipefail
mode="${1:-build}"
packages=(libsqlite3-dev libicu-dev pkg-config)
if [ "$mode" = "test" ]; then
  packages+=(python3 tmux)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

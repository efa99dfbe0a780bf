#!/usr/bin/env bash
# Installs the Debian packages XinQiao needs when they are missing (as root), else says what to install.
# Usage: scripts/deps.sh [build|test]
set -euo pipefail
mode="${1:-build}"
packages=(libsqlite3-dev libicu-dev pkg-config)
optional=()
if [ "$mode" = "test" ]; then
  packages+=(python3 tmux)
  # The browser tests (headless Chromium driven through chromedriver; a font with Chinese glyphs for
  # their screenshots). Without them those tests are skipped, so a developer may go without.
  optional+=(chromium chromium-driver fonts-droid-fallback)
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
missing_optional=()
for p in ${optional[@]+"${optional[@]}"}; do installed "$p" || missing_optional+=("$p"); done
all=(${missing[@]+"${missing[@]}"} ${missing_optional[@]+"${missing_optional[@]}"})
if [ ${#all[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing: ${all[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${all[@]}" >/dev/null
elif [ ${#missing[@]} -gt 0 ]; then
  echo "missing Debian packages: ${all[*]}" >&2
  echo "install them with: sudo apt-get install ${all[*]}" >&2
  exit 1
else
  echo "browser tests will be skipped: missing ${missing_optional[*]} (sudo apt-get install ${missing_optional[*]})" >&2
fi

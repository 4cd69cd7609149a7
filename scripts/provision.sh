#!/usr/bin/env bash
# Installs the system parts the tests need on a fresh Debian/Ubuntu machine. Idempotent: a part
# that is present is left alone, and apt is not touched at all when every part is present.
#
#   scripts/provision.sh            # = all
#   scripts/provision.sh all
#   scripts/provision.sh python     # one or more parts by name
#
# Runs apt as root, or through `sudo -n` when not root; when neither is possible it prints the
# command to run and exits 2. Prints one line per part.
#
# Adding a part (Docker engine, Chromium, an S3 server, …): write
#   <part>_packages   echo the Debian packages the part needs (one per line)
#   <part>_check      exit 0 when the part works (run after installing, and before, to skip apt)
#   <part>_describe   echo a short description of what is there (for the summary line)
#   <part>_start      optional: start a service (e.g. dockerd) once the packages are in
# and add the name to PARTS.
set -euo pipefail

PARTS=(python)

log() { printf 'provision: %s\n' "$*"; }

# ---- part: python -------------------------------------------------------------------------------
# Debian's python3 with pandas and numpy is the interpreter the tests run steps with. It is always
# /usr/bin/python3, never whatever python3 comes first on PATH (pyenv, conda, a venv).
python_packages() { printf '%s\n' python3 python3-numpy python3-pandas; }
python_check() { [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy, pandas' >/dev/null 2>&1; }
python_describe() {
  /usr/bin/python3 -c 'import sys, numpy, pandas; print(f"/usr/bin/python3 {sys.version.split()[0]}, numpy {numpy.__version__}, pandas {pandas.__version__}")'
}

# ---- part: chromium -----------------------------------------------------------------------------
# Debian's Chromium for the Playwright e2e tests and the canvas bench (never `npx playwright
# install`, which downloads a browser), Xvfb for headed runs, and a font so screenshots have text.
# Self-registering so this part stays one block (other parts are edited on other branches).
PARTS+=(chromium)
chromium_packages() { printf '%s\n' chromium xvfb fonts-dejavu-core; }
chromium_check() { [[ -x /usr/bin/chromium ]] && /usr/bin/chromium --headless --no-sandbox --version >/dev/null 2>&1; }
chromium_describe() { /usr/bin/chromium --headless --no-sandbox --version 2>/dev/null | head -n 1; }

# ---- machinery ----------------------------------------------------------------------------------
usage() {
  echo "usage: $0 [all | ${PARTS[*]}]..." >&2
  exit 64
}

is_part() {
  local p
  for p in "${PARTS[@]}"; do [[ $p == "$1" ]] && return 0; done
  return 1
}

# Debian packages from the list on stdin that dpkg does not report as installed.
missing_packages() {
  local pkg
  while read -r pkg; do
    [[ -z $pkg ]] && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$pkg"
    fi
  done
}

SUDO=()
resolve_privilege() {
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    log "cannot install as $(id -un) (not root, no passwordless sudo). Run as root:"
    log "  apt-get update && apt-get install -y --no-install-recommends $*"
    exit 2
  fi
}

APT_UPDATED=0
apt_install() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

main() {
  local selected=() arg
  [[ $# -eq 0 ]] && set -- all
  for arg in "$@"; do
    if [[ $arg == all ]]; then
      selected+=("${PARTS[@]}")
    elif is_part "$arg"; then
      selected+=("$arg")
    else
      usage
    fi
  done

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    local wanted=() part
    for part in "${selected[@]}"; do
      "${part}_check" || mapfile -t -O "${#wanted[@]}" wanted < <("${part}_packages")
    done
    if [[ ${#wanted[@]} -eq 0 ]]; then
      for part in "${selected[@]}"; do log "$part: present ($("${part}_describe"))"; done
      return 0
    fi
    log "this is not a Debian/Ubuntu system; install the equivalents of: ${wanted[*]}"
    exit 2
  fi

  # 1. What is missing? A part counts as present only when its packages are installed *and* its
  #    check passes, so a half-installed part is repaired rather than skipped.
  local part todo=() missing=() pkgs
  for part in "${selected[@]}"; do
    pkgs=$("${part}_packages" | missing_packages)
    if [[ -z $pkgs ]] && "${part}_check"; then
      log "$part: present ($("${part}_describe"))"
      continue
    fi
    todo+=("$part")
    [[ -n $pkgs ]] && mapfile -t -O "${#missing[@]}" missing <<<"$pkgs"
    [[ -z $pkgs ]] && mapfile -t -O "${#missing[@]}" missing < <("${part}_packages")
  done
  [[ ${#todo[@]} -eq 0 ]] && return 0

  # 2. Install everything missing in one apt run (one `apt-get update` at most).
  resolve_privilege "${missing[@]}"
  log "installing ${missing[*]} (for: ${todo[*]})"
  apt_install "${missing[@]}"

  # 3. Start what needs starting, then check each part really works.
  local failed=0
  for part in "${todo[@]}"; do
    if declare -F "${part}_start" >/dev/null; then "${part}_start"; fi
    if "${part}_check"; then
      log "$part: installed ($("${part}_describe"))"
    else
      log "$part: still not working after installing its packages"
      failed=1
    fi
  done
  return "$failed"
}

main "$@"

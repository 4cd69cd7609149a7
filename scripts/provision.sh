#!/usr/bin/env bash
# Installs the system parts the tests need on a fresh Debian/Ubuntu machine. Idempotent: a part
# that is present is left alone, and apt is not touched at all when every part is present.
#
#   scripts/provision.sh            # = all
#   scripts/provision.sh all
#   scripts/provision.sh python     # one or more parts by name
#   scripts/provision.sh docker python-image remote-docker
#
# Parts: python (the interpreter for local steps), docker (Debian's engine, started without
# systemd), python-image (flowbench-python:bookworm, built offline with debootstrap and cached as
# a tarball under $FLOWBENCH_CACHE, default /var/cache/flowbench), remote-docker (a second engine
# on tcp://127.0.0.1:$FLOWBENCH_REMOTE_DOCKER_PORT with TLS, certificates in
# $FLOWBENCH_REMOTE_DOCKER_DIR/certs, for the remote-host tests), remote-ssh (sshd on
# 127.0.0.1:$FLOWBENCH_REMOTE_SSH_PORT with a key in $FLOWBENCH_REMOTE_DOCKER_DIR/ssh, so the
# tests reach this machine's engine over SSH as a remote host), s3 (moto's S3 server from a Debian
# 13 chroot on http://127.0.0.1:$FLOWBENCH_S3_PORT, default 23790, for the sync tests; see
# docs/sync.md). See docs/docker.md.
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
# python3-venv (ensurepip and pip's wheel) lets the tests install the flowbench package into a
# fresh venv offline (`pip install --no-index resources/python`). matplotlib: a figure saved as an
# artifact becomes a PNG the app shows (engine/index tests).
python_packages() { printf '%s\n' python3 python3-numpy python3-pandas python3-venv python3-matplotlib; }
python_check() { [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy, pandas, ensurepip, matplotlib' >/dev/null 2>&1; }
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

# ---- part: docker -------------------------------------------------------------------------------
# Debian's engine. A docker CLI may already be on PATH without any engine, so the check asks the
# daemon itself. There is no systemd here: dockerd runs in the background, logging to a file.
PARTS+=(docker)
DOCKER_LOG=${FLOWBENCH_DOCKER_LOG:-/var/log/flowbench-dockerd.log}
docker_cli() { if [[ -x /usr/bin/docker ]]; then /usr/bin/docker "$@"; else docker "$@"; fi; }
docker_packages() { command -v dockerd >/dev/null 2>&1 || echo docker.io; }
docker_answers() { docker_cli version --format '{{.Server.Version}}' >/dev/null 2>&1; }
# The default bridge must be there too: a second engine started with --bridge=none deletes
# docker0 (dockerd removes "its" default bridge when told not to use one), and then no container
# of the first engine can start.
docker_check() { docker_answers && [[ -e /sys/class/net/docker0 ]]; }
docker_describe() { echo "dockerd $(docker_cli version --format '{{.Server.Version}}' 2>/dev/null) on /var/run/docker.sock"; }
docker_start() {
  docker_check && return 0
  if docker_answers && [[ -s /var/run/docker.pid ]]; then
    log "docker: the docker0 bridge is gone (a --bridge=none engine removed it); restarting dockerd"
    local pid
    pid=$(cat /var/run/docker.pid)
    "${SUDO[@]}" kill "$pid" 2>/dev/null || true
    wait_for 30 bash -c "! kill -0 $pid"
  fi
  log "docker: starting dockerd (log: $DOCKER_LOG)"
  "${SUDO[@]}" bash -c "nohup dockerd >>'$DOCKER_LOG' 2>&1 </dev/null &"
  wait_for 60 docker_check || { log "docker: dockerd did not answer within 60 s; see $DOCKER_LOG"; tail -n 20 "$DOCKER_LOG" >&2 || true; }
}

# ---- part: python-image -------------------------------------------------------------------------
# No registry is reachable, so the image steps run in is built from Debian's packages:
# debootstrap a minimal bookworm, add python3 + numpy + pandas, and `docker import` the tree.
# The tarball is cached: a second build takes seconds, and a present image skips everything.
PARTS+=(python-image)
PYTHON_IMAGE=${FLOWBENCH_PYTHON_IMAGE:-flowbench-python:bookworm}
FLOWBENCH_CACHE=${FLOWBENCH_CACHE:-/var/cache/flowbench}
python-image_packages() { docker_packages; command -v debootstrap >/dev/null 2>&1 || echo debootstrap; }
python-image_check() { docker_check && docker_cli image inspect "$PYTHON_IMAGE" >/dev/null 2>&1; }
python-image_describe() {
  echo "$PYTHON_IMAGE ($(docker_cli run --rm --network none "$PYTHON_IMAGE" python3 -c 'import sys, pandas; print(f"python {sys.version.split()[0]}, pandas {pandas.__version__}")' 2>&1))"
}
python-image_start() {
  docker_start
  python-image_check && return 0
  local tarball=$FLOWBENCH_CACHE/flowbench-python-bookworm.tar
  if [[ ! -s $tarball ]]; then
    local rootfs
    rootfs=$(mktemp -d /var/tmp/flowbench-rootfs.XXXXXX)
    log "python-image: debootstrap bookworm into $rootfs (a few minutes, once)"
    "${SUDO[@]}" debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 ||
      { log "python-image: debootstrap failed; see $rootfs.log"; tail -n 20 "$rootfs.log" >&2; return 1; }
    "${SUDO[@]}" chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3 python3-numpy python3-pandas >>"$rootfs.log" 2>&1 ||
      { log "python-image: apt-get in the chroot failed; see $rootfs.log"; tail -n 20 "$rootfs.log" >&2; return 1; }
    "${SUDO[@]}" chroot "$rootfs" apt-get clean
    "${SUDO[@]}" rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
      "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/*
    "${SUDO[@]}" mkdir -p "$FLOWBENCH_CACHE"
    "${SUDO[@]}" tar -C "$rootfs" -cf "$tarball.partial" . && "${SUDO[@]}" mv "$tarball.partial" "$tarball"
    "${SUDO[@]}" rm -rf "$rootfs" "$rootfs.log"
  fi
  log "python-image: docker import $tarball → $PYTHON_IMAGE"
  docker_cli import --change 'CMD ["python3"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$PYTHON_IMAGE" >/dev/null
}

# ---- part: remote-docker ------------------------------------------------------------------------
# A second engine that stands for a remote Docker host: its own data/exec roots and pidfile, TLS
# on a loopback port with certificates made here, no bridge or iptables (it must not disturb the
# first engine). certs/ also holds a client certificate from another CA, which it must refuse.
PARTS+=(remote-docker)
REMOTE_DIR=${FLOWBENCH_REMOTE_DOCKER_DIR:-/var/lib/flowbench-remote-docker}
REMOTE_PORT=${FLOWBENCH_REMOTE_DOCKER_PORT:-23760}
remote_cli() {
  docker_cli --tlsverify --tlscacert "$REMOTE_DIR/certs/ca.pem" --tlscert "$REMOTE_DIR/certs/cert.pem" \
    --tlskey "$REMOTE_DIR/certs/key.pem" -H "tcp://127.0.0.1:$REMOTE_PORT" "$@"
}
remote-docker_packages() { python-image_packages; command -v openssl >/dev/null 2>&1 || echo openssl; }
remote-docker_check() { remote_cli image inspect "$PYTHON_IMAGE" >/dev/null 2>&1; }
remote-docker_describe() { echo "dockerd $(remote_cli version --format '{{.Server.Version}}' 2>/dev/null) on tcp://127.0.0.1:$REMOTE_PORT (TLS, certs in $REMOTE_DIR/certs)"; }
remote-docker_start() {
  python-image_start
  make_certs "$REMOTE_DIR/certs"
  if ! remote_cli version >/dev/null 2>&1; then
    log "remote-docker: starting a second dockerd on 127.0.0.1:$REMOTE_PORT (log: $REMOTE_DIR/dockerd.log)"
    "${SUDO[@]}" mkdir -p "$REMOTE_DIR/data" /run/flowbench-remote-docker
    "${SUDO[@]}" bash -c "nohup dockerd --data-root '$REMOTE_DIR/data' --exec-root /run/flowbench-remote-docker \
      --pidfile '$REMOTE_DIR/dockerd.pid' -H 'tcp://127.0.0.1:$REMOTE_PORT' --tlsverify \
      --tlscacert '$REMOTE_DIR/certs/ca.pem' --tlscert '$REMOTE_DIR/certs/server-cert.pem' \
      --tlskey '$REMOTE_DIR/certs/server-key.pem' --bridge=none --iptables=false --ip-forward=false \
      >>'$REMOTE_DIR/dockerd.log' 2>&1 </dev/null &"
    wait_for 60 remote_cli version || { log "remote-docker: no answer within 60 s; see $REMOTE_DIR/dockerd.log"; tail -n 20 "$REMOTE_DIR/dockerd.log" >&2; return 1; }
  fi
  docker_check || docker_start
  remote-docker_check && return 0
  log "remote-docker: loading $PYTHON_IMAGE into the second engine"
  docker_cli save "$PYTHON_IMAGE" | remote_cli load >/dev/null
}

# ---- part: remote-ssh ---------------------------------------------------------------------------
# sshd on a loopback port with its own config, host key and authorized key, so the tests reach a
# Docker engine the way a user reaches a remote one over SSH (the engine runs `docker system
# dial-stdio` there, engine/backends/docker/ssh-dialer.ts). It serves this machine's engine; what
# is tested is the SSH path.
PARTS+=(remote-ssh)
SSH_DIR=$REMOTE_DIR/ssh
SSH_PORT=${FLOWBENCH_REMOTE_SSH_PORT:-22220}
remote-ssh_packages() { docker_packages; [[ -x /usr/sbin/sshd ]] || echo openssh-server; command -v ssh >/dev/null 2>&1 || echo openssh-client; }
remote-ssh_check() { [[ -s $SSH_DIR/known_hosts ]] && remote-ssh_serving; }
remote-ssh_serving() {
  [[ -s $SSH_DIR/id_ed25519 ]] && ssh -i "$SSH_DIR/id_ed25519" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}
remote-ssh_describe() { echo "sshd on 127.0.0.1:$SSH_PORT, key $SSH_DIR/id_ed25519, serving this machine's docker"; }
remote-ssh_start() {
  docker_start
  remote-ssh_serving && { remote-ssh_known_hosts; return 0; }
  "${SUDO[@]}" mkdir -p "$SSH_DIR" /run/sshd
  [[ -s $SSH_DIR/host_ed25519 ]] || "${SUDO[@]}" ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_ed25519"
  [[ -s $SSH_DIR/id_ed25519 ]] || "${SUDO[@]}" ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/id_ed25519"
  "${SUDO[@]}" cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  "${SUDO[@]}" chmod 600 "$SSH_DIR/authorized_keys" "$SSH_DIR/id_ed25519" "$SSH_DIR/host_ed25519"
  "${SUDO[@]}" tee "$SSH_DIR/sshd_config" >/dev/null <<CONFIG
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/host_ed25519
AuthorizedKeysFile $SSH_DIR/authorized_keys
PidFile $SSH_DIR/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CONFIG
  log "remote-ssh: starting sshd on 127.0.0.1:$SSH_PORT"
  "${SUDO[@]}" /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$SSH_DIR/sshd.log"
  wait_for 20 remote-ssh_serving || { log "remote-ssh: no answer; see $SSH_DIR/sshd.log"; return 1; }
  remote-ssh_known_hosts
}
# The host's key as a person's ~/.ssh/known_hosts holds it after a first `ssh`: the tests trust
# it through `knownHosts` in their config (engine/testing/docker-targets.ts).
remote-ssh_known_hosts() {
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")" | "${SUDO[@]}" tee "$SSH_DIR/known_hosts" >/dev/null
}

# ---- part: s3 -----------------------------------------------------------------------------------
# An S3-compatible server on loopback for the sync tests: moto's server from Debian 13 (trixie),
# which honours conditional writes (If-None-Match: * → 412), pages like S3 and gives multipart
# ETags. Debian 12 has no python3-moto new enough, so it lives in a trixie chroot made with
# debootstrap; the tree is cached as a tarball under $FLOWBENCH_CACHE (seconds to restore).
# State is in memory: `POST /moto-api/reset` clears it; a restart starts empty.
PARTS+=(s3)
S3_DIR=${FLOWBENCH_S3_DIR:-/var/lib/flowbench-s3}
S3_PORT=${FLOWBENCH_S3_PORT:-23790}
s3_packages() { command -v debootstrap >/dev/null 2>&1 || echo debootstrap; command -v curl >/dev/null 2>&1 || echo curl; }
s3_check() { curl -fsS -m 2 "http://127.0.0.1:$S3_PORT/moto-api/" >/dev/null 2>&1; }
s3_describe() {
  echo "moto $("${SUDO[@]}" chroot "$S3_DIR/rootfs" python3 -c 'import moto; print(moto.__version__)' 2>/dev/null) on http://127.0.0.1:$S3_PORT (chroot $S3_DIR/rootfs, log $S3_DIR/moto.log)"
}
s3_start() {
  s3_check && return 0
  local tarball=$FLOWBENCH_CACHE/flowbench-moto-trixie.tar rootfs=$S3_DIR/rootfs
  if [[ ! -x $rootfs/usr/bin/python3 ]]; then
    if [[ ! -s $tarball ]]; then
      local build
      build=$(mktemp -d /var/tmp/flowbench-moto.XXXXXX)
      log "s3: debootstrap trixie into $build with python3-moto (a few minutes, once)"
      "${SUDO[@]}" debootstrap --variant=minbase trixie "$build" http://deb.debian.org/debian >"$build.log" 2>&1 ||
        { log "s3: debootstrap failed; see $build.log"; tail -n 20 "$build.log" >&2; return 1; }
      "${SUDO[@]}" chroot "$build" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        python3-moto python3-flask-cors >>"$build.log" 2>&1 ||
        { log "s3: apt-get in the chroot failed; see $build.log"; tail -n 20 "$build.log" >&2; return 1; }
      "${SUDO[@]}" chroot "$build" apt-get clean
      "${SUDO[@]}" rm -rf "$build"/var/lib/apt/lists/* "$build"/usr/share/doc/* "$build"/usr/share/man/* \
        "$build"/usr/share/locale/* "$build"/var/cache/debconf/*-old "$build"/var/log/*
      "${SUDO[@]}" mkdir -p "$FLOWBENCH_CACHE"
      "${SUDO[@]}" tar -C "$build" -cf "$tarball.partial" . && "${SUDO[@]}" mv "$tarball.partial" "$tarball"
      "${SUDO[@]}" rm -rf "$build" "$build.log"
    fi
    log "s3: unpacking $tarball into $rootfs"
    "${SUDO[@]}" rm -rf "$rootfs.partial" && "${SUDO[@]}" mkdir -p "$rootfs.partial"
    "${SUDO[@]}" tar -C "$rootfs.partial" -xf "$tarball" && "${SUDO[@]}" rm -rf "$rootfs" && "${SUDO[@]}" mv "$rootfs.partial" "$rootfs"
  fi
  log "s3: starting moto on 127.0.0.1:$S3_PORT (log: $S3_DIR/moto.log)"
  "${SUDO[@]}" bash -c "nohup chroot '$rootfs' python3 -m moto.server -H 127.0.0.1 -p '$S3_PORT' >>'$S3_DIR/moto.log' 2>&1 </dev/null &"
  wait_for 30 s3_check || { log "s3: no answer within 30 s; see $S3_DIR/moto.log"; tail -n 20 "$S3_DIR/moto.log" >&2; return 1; }
}

# A CA, a server certificate for 127.0.0.1/localhost, a client certificate, and a client
# certificate from a different CA (for the "refused certificate" test). Made once.
make_certs() {
  local dir=$1
  [[ -s $dir/wrong-cert.pem ]] && return 0
  "${SUDO[@]}" mkdir -p "$dir"
  (
    cd "$dir"
    local q=(-loglevel error)
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=flowbench-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=flowbench-client -keyout key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out cert.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=someone-else -keyout wrong-ca-key.pem -out wrong-ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=intruder -keyout wrong-key.pem -out wrong.csr 2>/dev/null
    openssl x509 -req -in wrong.csr -CA wrong-ca.pem -CAkey wrong-ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out wrong-cert.pem 2>/dev/null
    rm -f ./*.csr ./*.ext ./*.srl
    chmod 644 ./*.pem
  )
}

# Runs a check until it passes or the seconds are up.
wait_for() {
  local seconds=$1 i
  shift
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}

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
    # A part whose packages are in but that does not work (dockerd not started) only needs its start.
    [[ -n $pkgs ]] && mapfile -t -O "${#missing[@]}" missing <<<"$pkgs"
    # A part without a start step is repaired by installing its packages again.
    [[ -z $pkgs ]] && ! declare -F "${part}_start" >/dev/null && mapfile -t -O "${#missing[@]}" missing < <("${part}_packages")
  done
  [[ ${#todo[@]} -eq 0 ]] && return 0

  # 2. Install everything missing in one apt run (one `apt-get update` at most).
  resolve_privilege "${missing[@]}"
  if [[ ${#missing[@]} -gt 0 ]]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
    log "installing ${missing[*]} (for: ${todo[*]})"
    apt_install "${missing[@]}"
  fi

  # 3. Start what needs starting, then check each part really works.
  local failed=0
  for part in "${todo[@]}"; do
    if declare -F "${part}_start" >/dev/null; then "${part}_start" || log "$part: starting failed"; fi
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

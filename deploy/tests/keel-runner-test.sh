#!/usr/bin/env bash
# Tests of ./keel's process handling, without starting the suite: a daemon started by ./keel (start_bg) keeps none
# of the descriptors ./keel inherited. Under `flock LOCK ./keel up --detach` the services used to hold LOCK, so a
# later `flock LOCK ./keel down` waited forever. Run: bash deploy/tests/keel-runner-test.sh (deploy/validate.sh runs it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../keel
source "$ROOT/keel"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { printf 'keel-runner-test: FAILED: %s\n' "$*" >&2; exit 1; }

for detach in 0 1; do
  DETACH=$detach
  lock="$work/lock-$detach"
  # as under `flock LOCK ./keel up`: this shell holds the lock on a descriptor above 2
  exec 9>"$lock"
  flock -n 9 || fail "could not take $lock"
  pid="$(start_bg "$work/daemon-$detach.log" sleep 60)"
  pids+=("$pid")
  exec 9>&-
  kill -0 "$pid" 2>/dev/null || fail "the daemon (DETACH=$detach) is not running"
  for ((i = 0; i < 50; i++)); do # the background subshell closes descriptors, then execs the daemon
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == sleep ]] && break
    sleep 0.1
  done
  [[ "$(cat "/proc/$pid/comm")" == sleep ]] || fail "pid $pid is $(cat "/proc/$pid/comm"), not the daemon itself"
  open="$(ls "/proc/$pid/fd" | sort -n | tr '\n' ' ')"
  [[ "$open" == "0 1 2 " ]] || fail "the daemon (DETACH=$detach) holds descriptors $open(expected 0 1 2)"
  # what `flock LOCK ./keel down` needs: the lock is free while the daemon runs
  flock -n -w 0 "$lock" true || fail "the daemon (DETACH=$detach) still holds the lock"
  kill "$pid"
done
printf 'keel-runner-test: ok: daemons started by ./keel hold only stdin, stdout and stderr\n'

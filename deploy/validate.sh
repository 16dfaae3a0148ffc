#!/usr/bin/env bash
# Validates the deployment descriptors under deploy/ with the tools that understand them, in seconds:
#   - promtool (Debian: apt-get install prometheus): Prometheus configs, alert rules, rule unit tests
#   - docker-compose v1 (Debian: apt-get install docker-compose): the compose file, with .env.example
#   - kubectl kustomize, only when kubectl is installed: renders the Kustomize base and overlays
# The structural checks (Kubernetes model, probes, limits, dashboards' metrics, no literal credential)
# are JUnit tests in deploy/validation, run by ./mvnw -B verify. deploy/tests/keel-runner-test.sh tests ./keel's
# process handling (no suite started). .ci/run installs the tools and calls
# this script before the Maven build; run it alone with: bash deploy/validate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'validate: %s\n' "$*"; }
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  printf 'validate: error: %s not found (Debian: apt-get install -y %s)\n' "$1" "$2" >&2
  exit 1
}
need promtool prometheus
need docker-compose docker-compose

# Run a step quietly; print its output only when it fails.
step() {
  local what="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    say "ok: $what"
  else
    printf '%s\n' "$out" >&2
    printf 'validate: FAILED: %s\n' "$what" >&2
    exit 1
  fi
}

step "promtool check config (prometheus.yml, prometheus-compose.yml)" \
  promtool check config deploy/prometheus/prometheus.yml deploy/prometheus/prometheus-compose.yml
step "promtool check rules (rules/keel-alerts.yml)" \
  promtool check rules deploy/prometheus/rules/keel-alerts.yml
step "promtool test rules (rules/keel-alerts.test.yml)" \
  promtool test rules deploy/prometheus/rules/keel-alerts.test.yml
step "docker-compose config (compose/docker-compose.yml with .env.example)" \
  docker-compose --env-file deploy/compose/.env.example -f deploy/compose/docker-compose.yml config -q
step "bash -n docker/healthcheck.sh" bash -n deploy/docker/healthcheck.sh
step "./keel's daemons keep no inherited descriptor (tests/keel-runner-test.sh)" bash deploy/tests/keel-runner-test.sh

if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  # render on a copy, with the example secrets file in place of the untracked one
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  cp -r deploy/k8s "$tmp/k8s"
  for example in $(find "$tmp/k8s" -name '*.env.example'); do cp "$example" "${example%.example}"; done
  step "kubectl kustomize k8s/base" kubectl kustomize "$tmp/k8s/base"
  for overlay in "$tmp"/k8s/overlays/*/; do
    step "kubectl kustomize k8s/overlays/$(basename "$overlay")" kubectl kustomize "$overlay"
  done
else
  say "skipped: kubectl kustomize (no kubectl; the Maven tests in deploy/validation still check the manifests)"
fi
say "deploy/ descriptors are valid"

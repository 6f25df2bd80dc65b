#!/usr/bin/env bash
# Lists every metric the Grafana dashboard and the Prometheus alerts of the chart name, into
# deploy/helm/mindmesh/metrics-used.txt, for the system tests to compare with what the running
# services really export on /q/metrics (format: see the file's header).
#
#   deploy/ci/metrics-used.sh          rewrite the list
#   deploy/ci/metrics-used.sh --check  fail when the list is out of date
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-write}"
case "$mode" in write|--check) ;; *) die "usage: $0 [--check]" ;; esac
ensure_node_tools
ensure_debian_tools

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$HELM" template mindmesh "$CHART" \
  --set metrics.prometheusRule.enabled=true,metrics.dashboard.enabled=true \
  --show-only templates/prometheusrule.yaml --show-only templates/dashboard-configmap.yaml > "$out/monitoring.yaml"
python3 "$CI_DIR/manifests.py" metrics "$out/monitoring.yaml" > "$out/metrics-used.txt"

target="$CHART/metrics-used.txt"
if [ "$mode" = "--check" ]; then
  if ! diff -u "$target" "$out/metrics-used.txt" >&2; then
    die "deploy/helm/mindmesh/metrics-used.txt is out of date: run deploy/ci/metrics-used.sh and commit it"
  fi
  echo "metrics-used.txt lists the $(grep -vc '^#' "$target") metrics of the dashboard and the alerts"
else
  cp "$out/metrics-used.txt" "$target"
  echo "wrote deploy/helm/mindmesh/metrics-used.txt ($(grep -vc '^#' "$target") metrics)"
fi

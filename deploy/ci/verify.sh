#!/usr/bin/env bash
# Checks the deployment artefacts, offline once the tools are installed (into .local/deploy-tools):
#
#   1. helm lint, with the default values, ci/production-values.yaml and deploy/ci/values/features.yaml
#   2. helm template, all three ways; each optional feature's effect (check-features.py); values
#      that must be refused (values.schema.json, checks)
#   3. kubectl kustomize on k8s/base and every overlay under k8s/overlays/
#   4. every rendered object against the Kubernetes 1.32 schema (strict: unknown fields fail)
#      and, for the Prometheus Operator's custom resources, against their CRD schemas
#   5. promtool check rules on the alerts; promtool test rules (deploy/ci/alerts-test.yaml)
#   6. k8s/ still matches the chart (deploy/ci/render-k8s.sh --check); k8s/overlays/prod agrees with
#      ci/production-values.yaml (deploy/ci/compare-prod.py)
#   7. metrics-used.txt still matches the dashboard and the alerts (deploy/ci/metrics-used.sh --check)
#
# Runs on a fresh Debian machine with access to the npm registry, Debian's packages and Maven
# Central. Ends with "N passed, M failed"; exits non-zero when anything failed.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -e

started=$SECONDS
ensure_debian_tools
ensure_node_tools
ensure_schema_lib
set +e

WORK="$TOOLS/verify"
rm -rf "$WORK" && mkdir -p "$WORK"
passed=0
failed=0
failures=()

check() { # name command...
  local name="$1"; shift
  local log="$WORK/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    printf '  ok    %s\n' "$name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '  FAIL  %s\n' "$name"
    sed 's/^/        /' "$log" | tail -n 40
  fi
}

# A command that must fail, with a message that matches a pattern.
refused() { # pattern command...
  local pattern="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    echo "accepted, but should have been refused: $*"
    return 1
  fi
  grep -qE -- "$pattern" <<<"$out" || { echo "refused for another reason than /$pattern/:"; echo "$out"; return 1; }
}

PROD="$CHART/ci/production-values.yaml"
say "Helm chart deploy/helm/mindmesh ($("$HELM" version --short))"
check "helm lint (default values)" "$HELM" lint --strict "$CHART"
check "helm lint (production values)" "$HELM" lint --strict "$CHART" -f "$PROD"
check "helm template (default values)" \
  sh -c '"$0" template mindmesh "$1" --namespace mindmesh > "$2"' "$HELM" "$CHART" "$WORK/default.yaml"
check "helm template (production values)" \
  sh -c '"$0" template mindmesh "$1" --namespace mindmesh -f "$2" > "$3"' "$HELM" "$CHART" "$PROD" "$WORK/production.yaml"
FEATURES="$CI_DIR/values/features.yaml"
check "helm lint (every optional feature on, deploy/ci/values/features.yaml)" "$HELM" lint --strict "$CHART" -f "$FEATURES"
check "helm template (every optional feature on)" \
  sh -c '"$0" template mindmesh "$1" --namespace mindmesh -f "$2" > "$3"' "$HELM" "$CHART" "$FEATURES" "$WORK/features.yaml"
# helm template leaves NOTES.txt out: render its named template through a copy of the chart.
render_notes() {
  rm -rf "$WORK/notes-chart" && cp -r "$CHART" "$WORK/notes-chart" &&
  echo 'notes: {{ include "mindmesh.notes" . | toJson }}' > "$WORK/notes-chart/templates/notes-check.yaml" &&
  "$HELM" template mindmesh "$WORK/notes-chart" --namespace mindmesh -f "$FEATURES" \
    --show-only templates/notes-check.yaml > "$WORK/features-notes.yaml"
}
check "NOTES.txt rendered (every optional feature on)" render_notes
check "each optional feature renders as its value says (check-features.py)" \
  python3 "$CI_DIR/check-features.py" "$WORK/features.yaml" "$WORK/features-notes.yaml"
check "helm template (default values, every monitoring object)" \
  sh -c '"$0" template mindmesh "$1" --namespace mindmesh --set metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true > "$2"' \
  "$HELM" "$CHART" "$WORK/monitoring.yaml"

bad_values() {
  local t="$HELM template x $CHART"
  refused 'replicaCount' $t --set services.gateway.replicaCount=-1 &&
  refused 'readOnlyRootFilesystem' $t --set container.securityContext.readOnlyRootFilesystem=false &&
  refused 'runAsNonRoot' $t --set pod.securityContext.runAsNonRoot=false &&
  refused 'Additional property gatewy' $t --set services.gatewy.port=8080 &&
  refused 'authServerUrl' $t --set keycloak.authServerUrl=keycloak:8080 &&
  refused 'memory' $t --set services.wallet.resources.limits.memory=1gb &&
  refused 'existingSecret' $t --set postgresql.existingSecret= &&
  refused 'kafka' $t --set kafka.securityProtocol=SASL_SSL &&
  refused 'bootstrapServers' $t --set kafka.bootstrapServers=kafka &&
  refused 'minReplicas' $t --set services.orchestrator.autoscaling.minReplicas=9 &&
  refused 'terminationGracePeriodSeconds' $t --set shutdown.terminationGracePeriodSeconds=3 &&
  refused 'memory request' $t --set services.wallet.resources.requests.memory=512Mi &&
  refused 'gc' $t --set container.jvm.gc=Z &&
  refused 'heapPercentage' $t --set container.jvm.heapPercentage=90 &&
  refused 'ingress.tls is empty' $t --set ingress.enabled=true &&
  refused 'parentRefs' $t --set gatewayApi.httpRoute.enabled=true &&
  refused 'imageTag' $t --set services.wallet.imageTag=0.1.0@sha256:abc &&
  refused 'imageDigest' $t --set services.wallet.imageDigest=sha256:abc &&
  refused 'format' $t --set logging.format=xml &&
  refused 'PodDisruptionBudget needs at least 2 replicas' $t --set services.analytics.replicaCount=1
}
check "bad values are refused at install time (20 cases)" bad_values

say "Plain manifests k8s/ ($("$KUBECTL" version --client 2>/dev/null | head -n 1))"
kustomized=()
for dir in "$ROOT/k8s/base" "$ROOT"/k8s/overlays/*/; do
  dir="${dir%/}"
  name="${dir#"$ROOT"/}"
  out="$WORK/kustomize-$(basename "$dir").yaml"
  check "kubectl kustomize $name" sh -c '"$0" kustomize "$1" > "$2"' "$KUBECTL" "$dir" "$out"
  kustomized+=("$out")
done
check "k8s/ matches the chart (render-k8s.sh --check)" "$CI_DIR/render-k8s.sh" --check
compare_prod() {
  "$HELM" template mindmesh "$CHART" --namespace mindmesh -f "$PROD" \
    --set fullnameOverride=mindmesh,plainManifests=true > "$WORK/production-plain.yaml" &&
  python3 "$CI_DIR/compare-prod.py" "$WORK/production-plain.yaml" "$WORK/kustomize-prod.yaml" &&
  # It must be able to say no: the dev overlay differs.
  refused 'differences between' python3 "$CI_DIR/compare-prod.py" "$WORK/production-plain.yaml" "$WORK/kustomize-dev.yaml"
}
check "k8s/overlays/prod agrees with the chart's production values (compare-prod.py)" compare_prod

say "Schemas of every rendered object"
to_jsonl() {
  : > "$WORK/objects.jsonl"
  python3 "$CI_DIR/manifests.py" jsonl "chart:default" "$WORK/default.yaml" >> "$WORK/objects.jsonl" &&
  python3 "$CI_DIR/manifests.py" jsonl "chart:production" "$WORK/production.yaml" >> "$WORK/objects.jsonl" &&
  python3 "$CI_DIR/manifests.py" jsonl "chart:monitoring" "$WORK/monitoring.yaml" >> "$WORK/objects.jsonl" &&
  python3 "$CI_DIR/manifests.py" jsonl "chart:features" "$WORK/features.yaml" >> "$WORK/objects.jsonl" &&
  for f in "${kustomized[@]}"; do
    python3 "$CI_DIR/manifests.py" jsonl "$(basename "$f" .yaml)" "$f" >> "$WORK/objects.jsonl" || return 1
  done
  echo "$(wc -l < "$WORK/objects.jsonl") objects"
}
check "rendered objects collected" to_jsonl
check "Kubernetes 1.32 schema, strict ($(wc -l < "$WORK/objects.jsonl") objects)" \
  "$JAVA" -cp "$TOOLS/k8s-schema-lib/*" "$CI_DIR/validate/K8sSchemaCheck.java" "$WORK/objects.jsonl"
# Node resolves the models from the script's own folder: run a copy beside node_modules.
cp "$CI_DIR/validate/validate-models.mjs" "$TOOLS/node/"
check "kubernetes-models and Prometheus Operator CRD schemas" \
  node "$TOOLS/node/validate-models.mjs" "$WORK/objects.jsonl"
# The validators must be able to say no: a typo, a missing field and a wrong type.
schema_negative() {
  printf '%s\t%s\n' \
    neg '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"spec":{"containers":[{"name":"c","image":"i","imagePullPolcy":"Always"}]}}}}' \
    > "$WORK/negative-1.jsonl"
  printf '%s\t%s\n' \
    neg '{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"port":"eighty"}]}}' \
    > "$WORK/negative-2.jsonl"
  printf '%s\t%s\n' \
    neg '{"apiVersion":"monitoring.coreos.com/v1","kind":"PrometheusRule","metadata":{"name":"x"},"spec":{"groups":[{"rules":[{"alert":"A","expr":"up"}]}]}}' \
    > "$WORK/negative-3.jsonl"
  refused 'imagePullPolcy' "$JAVA" -cp "$TOOLS/k8s-schema-lib/*" "$CI_DIR/validate/K8sSchemaCheck.java" "$WORK/negative-1.jsonl" &&
  refused 'NumberFormatException' "$JAVA" -cp "$TOOLS/k8s-schema-lib/*" "$CI_DIR/validate/K8sSchemaCheck.java" "$WORK/negative-2.jsonl" &&
  refused 'name' node "$TOOLS/node/validate-models.mjs" "$WORK/negative-3.jsonl"
}
check "the schema checks refuse broken objects (3 cases)" schema_negative

say "Alerts ($(promtool --version 2>&1 | head -n 1))"
rules_of() { python3 "$CI_DIR/manifests.py" rules "$1" > "$2" && promtool check rules "$2"; }
check "promtool check rules (default thresholds)" rules_of "$WORK/monitoring.yaml" "$WORK/rules-default.yaml"
check "promtool check rules (production thresholds)" rules_of "$WORK/production.yaml" "$WORK/rules-production.yaml"
check "promtool check rules (k8s/components/monitoring)" rules_of "$WORK/kustomize-prod.yaml" "$WORK/rules-k8s.yaml"
alert_tests() {
  mkdir -p "$WORK/promtool-test" &&
  cp "$WORK/rules-default.yaml" "$WORK/promtool-test/mindmesh-alerts.rules.yaml" &&
  cp "$CI_DIR/alerts-test.yaml" "$WORK/promtool-test/" &&
  (cd "$WORK/promtool-test" && promtool test rules alerts-test.yaml)
}
check "promtool test rules (error rate, service latency, outbox, wallet, rate-limit alerts fire)" alert_tests
check "metrics-used.txt is up to date (metrics-used.sh --check)" "$CI_DIR/metrics-used.sh" --check

echo
echo "deploy checks took $((SECONDS - started)) s; logs in ${WORK#"$ROOT"/}/"
if [ $failed -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "deploy: $passed passed, $failed failed"
[ $failed -eq 0 ]

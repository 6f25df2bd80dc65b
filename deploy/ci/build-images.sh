#!/usr/bin/env bash
# Builds the container images of the five services without a Docker daemon or a registry:
#
#   1. a small base image, target/images/base/mindmesh-jre-base.tar: libc and netbase from
#      Debian's packages (apt-get download, no shell, no package manager) and a Java runtime
#      cut by jlink from the build's JDK, user 10001 (rebuilt only when its inputs change);
#   2. `./mvnw -Dimages package`: the Maven profile `images` of the root pom adds Quarkus' Jib
#      extension to the services, which layers each fast-jar on that base (quarkus.jib.base-jvm-image
#      = tar://...), non-root, with container JVM flags;
#   3. Jib hands each image to `docker load`, which is deploy/ci/jib-docker-shim.sh: it writes
#      target/images/<service>-<version>.tar, an archive that is both a Docker archive and an
#      OCI image layout (`docker load -i`, `podman load -i`, `ctr images import`, `kind load image-archive`);
#   4. every archive is checked (digests, layers, non-root user).
#
#   deploy/ci/build-images.sh [--skip-base] [--smoke] [module...]   (default: the five services)
#
# --smoke also starts each service from its image's file system as user 10001 (chroot, needs
# root) to prove the runtime has every class it needs. The services' tests are skipped unless
# MINDMESH_IMAGE_TESTS=1.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(gateway-service orchestrator-service agent-registry-service wallet-service analytics-service)
skip_base=false
smoke=false
modules=()
for arg in "$@"; do
  case "$arg" in
    --skip-base) skip_base=true ;;
    --smoke) smoke=true ;;
    -*) die "unknown option $arg" ;;
    *) modules+=("$arg") ;;
  esac
done
[ ${#modules[@]} -gt 0 ] || modules=("${SERVICES[@]}")

IMAGES="$ROOT/target/images"
BASE_DIR="$IMAGES/base"
BASE_TAR="$BASE_DIR/mindmesh-jre-base.tar"
# Debian packages of the base image (bookworm): the C library and /etc/services & co.
BASE_PACKAGES=(libc6 libgcc-s1 netbase)
# What a Quarkus service on PostgreSQL, Kafka, Redis and OIDC needs from the JDK (generous:
# a missing module only shows at run time, which --smoke checks for every image).
JAVA_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

. "$ROOT/bin/jdk.sh"

build_base() {
  local stamp modules
  modules="$JAVA_MODULES"
  "$JAVA_HOME/bin/java" --list-modules | grep -q '^jdk.crypto.ec@' && modules="$modules,jdk.crypto.ec"
  stamp="$(echo "$JAVA_HOME $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) $modules ${BASE_PACKAGES[*]}" \
    | cat - "$CI_DIR/image-archive.py" "$CI_DIR/build-images.sh" | sha256sum | cut -c1-16)"
  if [ -f "$BASE_TAR" ] && [ "$(cat "$BASE_DIR/.stamp" 2>/dev/null)" = "$stamp" ]; then
    say "Base image up to date: ${BASE_TAR#"$ROOT"/}"
    return
  fi
  say "Building the base image (Debian ${BASE_PACKAGES[*]} + jlink of Java $JAVA_MAJOR)"
  rm -rf "$BASE_DIR" && mkdir -p "$BASE_DIR/debs" "$BASE_DIR/rootfs"
  command -v apt-get >/dev/null || die "apt-get not found: the base image takes its libc from Debian's packages"
  (cd "$BASE_DIR/debs" && apt-get download "${BASE_PACKAGES[@]}" >/dev/null 2>&1) || {
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    (cd "$BASE_DIR/debs" && apt-get download "${BASE_PACKAGES[@]}" >/dev/null)
  }
  local deb rootfs="$BASE_DIR/rootfs"
  for deb in "$BASE_DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/lintian" "$rootfs/usr/share/man" "$rootfs/usr/share/locale" \
    "$rootfs/usr/share/info" "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/sbin" "$rootfs/usr/bin" "$rootfs/usr/sbin"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$rootfs/opt/java" 2>"$BASE_DIR/jlink.log" \
    || "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --compress=2 --output "$rootfs/opt/java"
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/app" "$rootfs/root"
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nmindmesh:x:10001:10001:MindMesh:/app:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nmindmesh:x:10001:\n' > "$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  python3 "$CI_DIR/image-archive.py" base "$rootfs" "$BASE_TAR" "mindmesh/jre-base:$JAVA_MAJOR"
  rm -rf "$rootfs" "$BASE_DIR/debs"
  echo "$stamp" > "$BASE_DIR/.stamp"
}

# Unpacks an image and starts it as its user, the way a container runtime would (chroot with
# /proc), with unreachable dependencies: the service must load all its classes and fail only on
# the database connection. Catches modules missing from the jlinked runtime.
smoke_test() { # archive
  local archive="$1" dir entry=() status=0
  dir="$(mktemp -d)" && chmod 755 "$dir"
  mapfile -t entry < <(python3 - "$archive" "$dir" <<'PY'
import gzip, io, json, sys, tarfile
archive, target = sys.argv[1], sys.argv[2]
with tarfile.open(archive) as tar:
    manifest = json.load(tar.extractfile("manifest.json"))[0]
    config = json.load(tar.extractfile(manifest["Config"]))["config"]
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(tar.extractfile(layer).read()))) as lt:
            lt.extractall(target)
workdir = config.get("WorkingDir", "/")
for arg in config["Entrypoint"]:
    if arg == "java":
        arg = "/opt/java/bin/java"
    elif arg.endswith(".jar") and not arg.startswith("/"):
        arg = f"{workdir}/{arg}"
    print(arg)
PY
)
  mkdir -p "$dir/proc" && mount -t proc proc "$dir/proc"
  local chroot_cmd timeout_cmd
  chroot_cmd="$(PATH="$PATH:/usr/sbin:/sbin" command -v chroot)"
  timeout_cmd="$(command -v timeout)"
  env -i PATH=/opt/java/bin:/usr/bin JAVA_HOME=/opt/java LANG=C.UTF-8 QUARKUS_HTTP_PORT=0 \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:9/mindmesh QUARKUS_DATASOURCE_USERNAME=x \
    QUARKUS_DATASOURCE_PASSWORD=x KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9 QUARKUS_REDIS_HOSTS=redis://127.0.0.1:9 \
    QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:9/realms/mindmesh \
    "$timeout_cmd" 120 "$chroot_cmd" --userspec=10001:10001 "$dir" "${entry[@]}" > "$dir.log" 2>&1
  umount "$dir/proc" || true
  rm -rf "$dir"
  if grep -qE 'NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError|error while loading shared libraries|Permission denied' "$dir.log"; then
    echo "  $(basename "$archive"): FAILED"; grep -m 5 -E 'Error|Exception|denied' "$dir.log" | sed 's/^/    /'; status=1
  elif grep -qE 'Connection to 127.0.0.1:9 refused|Connection refused' "$dir.log"; then
    echo "  $(basename "$archive"): starts as user 10001 and stops only at the unreachable database"
  else
    echo "  $(basename "$archive"): FAILED (no database connection attempt seen)"; tail -n 5 "$dir.log" | sed 's/^/    /'; status=1
  fi
  rm -f "$dir.log"
  return $status
}

find_jdk 21 jlink
ensure_debian_tools
mkdir -p "$IMAGES"
$skip_base || build_base
[ -f "$BASE_TAR" ] || die "no base image at ${BASE_TAR#"$ROOT"/}: run without --skip-base"

say "Building ${modules[*]} with Jib (Maven profile images)"
for m in "${modules[@]}"; do rm -f "$IMAGES/$m"-*.tar; done
export MINDMESH_IMAGE_DIR="$IMAGES"
test_flags=(-DskipTests)
[ "${MINDMESH_IMAGE_TESTS:-0}" = 1 ] && test_flags=()
list="$(IFS=,; echo "${modules[*]}")"
"$ROOT/mvnw" -B -q -Dimages "${test_flags[@]}" -pl "$list" -am package

say "Checking the image archives"
archives=()
for m in "${modules[@]}"; do
  found=("$IMAGES/$m"-*.tar)
  [ -f "${found[0]}" ] || die "no image archive for $m in ${IMAGES#"$ROOT"/}"
  archives+=("${found[0]}")
done
python3 "$CI_DIR/image-archive.py" inspect "${archives[@]}"
if $smoke; then
  [ "$(id -u)" -eq 0 ] || die "--smoke needs root (chroot, mount /proc)"
  say "Starting each image's service as a container runtime would"
  failures=0
  for a in "${archives[@]}"; do smoke_test "$a" || failures=$((failures + 1)); done
  [ $failures -eq 0 ] || die "$failures image(s) failed the smoke test"
fi
echo "images: ${#archives[@]} built in ${IMAGES#"$ROOT"/}/"

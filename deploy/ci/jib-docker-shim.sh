#!/usr/bin/env bash
# Stands in for the `docker` command that Quarkus Jib calls for a local image build, so that
# images are built without a Docker daemon: `docker load` (the image on standard input) becomes
# an image archive file, target/images/<name>-<tag>.tar at the root of the checkout, or in
# $MINDMESH_IMAGE_DIR. The archive is both a Docker archive and an OCI layout (image-archive.py).
# The Maven profile `images` of the root pom points quarkus.jib.docker-executable-name here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  load)
    out_dir="${MINDMESH_IMAGE_DIR:-$here/../../target/images}"
    mkdir -p "$out_dir"
    tmp="$(mktemp "$out_dir/.jib-load.XXXXXX")"
    trap 'rm -f "$tmp" "$tmp.oci"' EXIT
    cat > "$tmp"
    tag="$(python3 "$here/image-archive.py" convert "$tmp" "$tmp.oci")"
    name="${tag##*/}"
    mv "$tmp.oci" "$out_dir/${name/:/-}.tar"
    echo "Loaded image: $tag"
    ;;
  info)
    # Jib runs `docker info -f {{json .}}` to compare the daemon's platform with the image's.
    arch="$(uname -m)"
    printf '{"OSType":"linux","Architecture":"%s"}\n' "$arch"
    ;;
  version|--version)
    echo "jib-docker-shim: writes image archives instead of talking to a Docker daemon"
    ;;
  *)
    echo "jib-docker-shim: 'docker $*' is not supported (only 'load'); there is no Docker daemon here" >&2
    exit 1
    ;;
esac

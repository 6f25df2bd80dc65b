#!/usr/bin/env python3
"""Container image archives without a Docker daemon (used by build-images.sh and the Jib shim).

Every archive written here is both a Docker archive (manifest.json: `docker load`, `podman
load`, `kind load image-archive`) and an OCI image layout (oci-layout, index.json, blobs/:
`ctr images import`, `skopeo copy oci-archive:`), the layout `docker save` writes since Docker 25.

  image-archive.py base ROOTFS OUT.tar TAG      an image of one layer made of the folder ROOTFS
  image-archive.py convert IN.tar OUT.tar       Jib's Docker archive -> the dual layout; prints the tag
  image-archive.py inspect FILE.tar...          checks an archive and prints what it holds
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "1"))
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def add_bytes(tar, name, data, mode=0o644):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = EPOCH
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def write_archive(out, tag, config_bytes, layers_gz):
    """Writes the dual Docker/OCI archive. layers_gz: gzip-compressed layer tars, base first."""
    config_digest = sha256(config_bytes)
    layer_digests = [sha256(layer) for layer in layers_gz]
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": f"sha256:{config_digest}", "size": len(config_bytes)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": f"sha256:{d}", "size": len(layer)}
                   for d, layer in zip(layer_digests, layers_gz)],
    }
    manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()
    manifest_digest = sha256(manifest_bytes)
    repository, _, version = tag.rpartition(":")
    first = repository.split("/")[0]
    has_registry = "/" in repository and ("." in first or ":" in first or first == "localhost")
    full_name = tag if has_registry else f"docker.io/{tag}"
    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{
            "mediaType": OCI_MANIFEST, "digest": f"sha256:{manifest_digest}", "size": len(manifest_bytes),
            "annotations": {"io.containerd.image.name": full_name, "org.opencontainers.image.ref.name": version},
        }],
    }
    docker_manifest = [{
        "Config": f"blobs/sha256/{config_digest}",
        "RepoTags": [tag],
        "Layers": [f"blobs/sha256/{d}" for d in layer_digests],
    }]
    tmp = out + ".part"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add_bytes(tar, "index.json", json.dumps(index, separators=(",", ":")).encode())
        add_bytes(tar, "manifest.json", json.dumps(docker_manifest, separators=(",", ":")).encode())
        add_bytes(tar, f"blobs/sha256/{manifest_digest}", manifest_bytes)
        add_bytes(tar, f"blobs/sha256/{config_digest}", config_bytes)
        written = set()
        for d, layer in zip(layer_digests, layers_gz):
            if d not in written:
                add_bytes(tar, f"blobs/sha256/{d}", layer)
                written.add(d)
    os.replace(tmp, out)


def layer_from_folder(root):
    """A reproducible layer tar of ROOT: sorted, owned by root, fixed times."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(dirnames) + sorted(filenames):
                path = os.path.join(dirpath, name)
                arcname = os.path.relpath(path, root)
                info = tar.gettarinfo(path, arcname)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = EPOCH
                if info.isreg():
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return buf.getvalue()


def gzip_bytes(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def cmd_base(rootfs, out, tag):
    layer = layer_from_folder(rootfs)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": {
            "User": "10001:10001",
            "Env": [
                "PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/opt/java",
                "LANG=C.UTF-8",
            ],
            "WorkingDir": "/app",
            "Labels": {
                "io.mindmesh.base-image": "Debian libc and a jlinked Java runtime; no shell, no package manager",
            },
        },
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{sha256(layer)}"]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/ci/build-images.sh (base image)"}],
    }
    write_archive(out, tag, json.dumps(config, separators=(",", ":")).encode(), [gzip_bytes(layer)])
    print(f"{tag}: {os.path.getsize(out) // (1024 * 1024)} MiB, layer {len(layer) // (1024 * 1024)} MiB uncompressed")


def cmd_convert(src, out):
    with tarfile.open(src) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))[0]
        config_bytes = tar.extractfile(manifest["Config"]).read()
        layers = []
        for name in manifest["Layers"]:
            data = tar.extractfile(name).read()
            layers.append(data if data[:2] == b"\x1f\x8b" else gzip_bytes(data))
        tag = manifest["RepoTags"][0]
    write_archive(out, tag, config_bytes, layers)
    print(tag)


def cmd_inspect(path):
    """Checks what a runtime would check, plus this project's rules; returns problems."""
    problems = []
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        docker = json.load(tar.extractfile("manifest.json"))[0]
        index = json.load(tar.extractfile("index.json"))
        manifest_digest = index["manifests"][0]["digest"].split(":")[1]
        manifest_bytes = tar.extractfile(f"blobs/sha256/{manifest_digest}").read()
        if sha256(manifest_bytes) != manifest_digest:
            problems.append("OCI manifest digest mismatch")
        manifest = json.loads(manifest_bytes)
        for blob in [manifest["config"]] + manifest["layers"]:
            name = f"blobs/sha256/{blob['digest'].split(':')[1]}"
            if name not in names:
                problems.append(f"missing blob {name}")
                continue
            data = tar.extractfile(name).read()
            if sha256(data) != blob["digest"].split(":")[1] or len(data) != blob["size"]:
                problems.append(f"blob {name} does not match its digest or size")
        config = json.loads(tar.extractfile(docker["Config"]).read())
        diff_ids = config["rootfs"]["diff_ids"]
        if len(diff_ids) != len(manifest["layers"]):
            problems.append("config diff_ids and layers differ in number")
        for layer, diff_id in zip(docker["Layers"], diff_ids):
            raw = gzip.decompress(tar.extractfile(layer).read())
            if f"sha256:{sha256(raw)}" != diff_id:
                problems.append(f"layer {layer} does not match its diff_id")
        cfg = config.get("config", {})
        user = cfg.get("User", "")
        if not user or user.split(":")[0] in ("", "0", "root"):
            problems.append(f"runs as root (User={user!r})")
        size = os.path.getsize(path) // (1024 * 1024)
        entry = " ".join(cfg.get("Entrypoint") or [])
        print(f"{os.path.basename(path)}: {docker['RepoTags'][0]}, {len(diff_ids)} layers, {size} MiB, "
              f"user {user}, entrypoint: {entry[:160]}")
    return problems


def main(argv):
    if len(argv) == 4 and argv[0] == "base":
        cmd_base(argv[1], argv[2], argv[3])
    elif len(argv) == 3 and argv[0] == "convert":
        cmd_convert(argv[1], argv[2])
    elif len(argv) >= 2 and argv[0] == "inspect":
        problems = []
        for path in argv[1:]:
            problems += [f"{path}: {p}" for p in cmd_inspect(path)]
        for p in problems:
            print(f"PROBLEM {p}")
        sys.exit(1 if problems else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

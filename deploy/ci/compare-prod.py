#!/usr/bin/env python3
"""Checks that the two production descriptions agree: the chart rendered with
deploy/helm/mindmesh/ci/production-values.yaml, and the plain manifests of k8s/overlays/prod.

   compare-prod.py CHART.yaml OVERLAY.yaml   prints each difference; exits 1 when there is one

Compared, object by object (kind and name): which objects exist, the images, the names of every
service's settings (ConfigMap keys; the values, host names and sizes, may differ between the two
examples), the Secrets the pods refer to, the NetworkPolicies' peers and ports (an egress port
that does not match the configured Kafka or Keycloak would cut a service off), the Ingress' hosts
and TLS, and the monitoring objects' selector labels.
"""
import sys
import yaml


def load(path):
    """The objects by kind and name, without `helm test`'s (plain manifests have no test hooks)."""
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(open(path))
            if d and d["metadata"].get("annotations", {}).get("helm.sh/hook") != "test"}


def is_test_rule(rule):
    return any(p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component") == "test"
               for p in rule.get("from", []))


def secret_refs(pod):
    refs = {s["name"] for s in pod.get("imagePullSecrets", [])}
    refs |= {v["secret"]["secretName"] for v in pod.get("volumes", []) if "secret" in v}
    for c in pod["containers"]:
        refs |= {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
    return sorted(refs)


def facts(obj):
    kind, spec = obj["kind"], obj.get("spec", {})
    if kind == "Deployment":
        pod = spec["template"]["spec"]
        return {"image": pod["containers"][0]["image"], "secrets": secret_refs(pod),
                "spread": pod.get("topologySpreadConstraints")}
    if kind == "ConfigMap" and "QUARKUS_HTTP_PORT" in obj.get("data", {}):
        return {"keys": sorted(obj["data"])}
    if kind == "NetworkPolicy":
        return {"ingress": [r for r in spec.get("ingress", []) if not is_test_rule(r)], "egress ports": [sorted(str(p["port"]) for p in r.get("ports", []))
                                                                  for r in spec.get("egress", [])]}
    if kind == "Ingress":
        return {"tls": spec.get("tls"), "hosts": [r["host"] for r in spec["rules"]]}
    if kind in ("ServiceMonitor", "PrometheusRule"):
        return {"release label": obj["metadata"].get("labels", {}).get("release")}
    return {}


def main(chart_path, overlay_path):
    chart, overlay = load(chart_path), load(overlay_path)
    differences = []
    for key in sorted(set(chart) | set(overlay)):
        a, b = chart.get(key), overlay.get(key)
        if a is None or b is None:
            differences.append(f"{key[0]}/{key[1]}: only in the {'chart' if b is None else 'overlay'}")
            continue
        fa, fb = facts(a), facts(b)
        for field in sorted(set(fa) | set(fb)):
            if fa.get(field) != fb.get(field):
                differences.append(f"{key[0]}/{key[1]} {field}: chart {fa.get(field)!r} != overlay {fb.get(field)!r}")
    for line in differences:
        print(line)
    print(f"{len(differences)} differences between the chart's production values and k8s/overlays/prod")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

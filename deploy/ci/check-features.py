#!/usr/bin/env python3
"""Checks that the chart rendered with deploy/ci/values/features.yaml does what each value says.

   check-features.py RENDERED.yaml NOTES.yaml   prints one line per check; exits 1 when one fails

NOTES.yaml is {notes: <what helm install prints>}, rendered from the template mindmesh.notes.
"""
import sys
import yaml

failures = []


def check(name, ok):
    print(("  ok    " if ok else "  FAIL  ") + name)
    if not ok:
        failures.append(name)


def main(path, notes_path):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    deployments = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind["Deployment"]}

    # extraVolumes / extraVolumeMounts / initContainers, global and per service
    for key, dep in deployments.items():
        pod = dep["spec"]["template"]["spec"]
        volumes = [v["name"] for v in pod["volumes"]]
        mounts = [m["name"] for m in pod["containers"][0]["volumeMounts"]]
        inits = pod.get("initContainers", [])
        expected = ["tmp", "db-ca"] + (["keycloak-ca"] if key == "gateway" else [])
        check(f"{key}: volumes {expected}", volumes == expected)
        check(f"{key}: mounts {expected}", mounts == expected)
        check(f"{key}: init container wait-for-db with the restricted security context",
              [i["name"] for i in inits] == ["wait-for-db"]
              and inits[0]["securityContext"]["readOnlyRootFilesystem"] is True
              and inits[0]["securityContext"]["allowPrivilegeEscalation"] is False)

    # JVM sizing: memory request = limit, heap share and collector stated in JAVA_TOOL_OPTIONS
    for key, dep in deployments.items():
        resources = dep["spec"]["template"]["spec"]["containers"][0]["resources"]
        check(f"{key}: memory request = limit", resources["requests"]["memory"] == resources["limits"]["memory"])
    for cm in by_kind["ConfigMap"]:
        options = cm["data"].get("JAVA_TOOL_OPTIONS", "") if "QUARKUS_HTTP_PORT" in cm.get("data", {}) else None
        if options is not None:
            check(f"{cm['metadata']['name']}: JAVA_TOOL_OPTIONS sets heap share and G1",
                  "-XX:MaxRAMPercentage=62.0" in options and "-XX:+UseG1GC" in options)

    # Egress: DNS, callees, only the dependencies used, never the metadata endpoint
    policies = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind["NetworkPolicy"]}
    for key, policy in policies.items():
        spec = policy["spec"]
        rules = spec.get("egress", [])
        ports = {p["port"] for r in rules for p in r.get("ports", [])}
        blocks = [peer["ipBlock"] for r in rules for peer in r.get("to", []) if "ipBlock" in peer]
        check(f"{key}: egress restricted, DNS allowed", "Egress" in spec["policyTypes"] and 53 in ports)
        check(f"{key}: 169.254.169.254 reachable by no rule",
              all(b["cidr"] != "0.0.0.0/0" or "169.254.0.0/16" in b.get("except", []) for b in blocks)
              and not any(b["cidr"].startswith("169.254.") for b in blocks))
        check(f"{key}: PostgreSQL only in 10.20.0.0/16",
              any(p["port"] == 5432 for r in rules for p in r["ports"]
                  if r.get("to") == [{"ipBlock": {"cidr": "10.20.0.0/16"}}]))
        check(f"{key}: extraEgress appended", rules[-1]["ports"] == [{"port": 4317, "protocol": "TCP"}])
        check(f"{key}: Kafka port only where Kafka is used", (9092 in ports) == (key in ("orchestrator", "analytics")))
        check(f"{key}: Redis port only on the gateway", (6379 in ports) == (key == "gateway"))

    # Per-service database users; migrations in pre-install/pre-upgrade Jobs with the DDL user
    def env_of(container):
        return {e["name"]: e.get("value", e.get("valueFrom", {}).get("secretKeyRef", {}).get("name"))
                for e in container["env"]}
    jobs = {j["metadata"]["name"]: j for j in by_kind.get("Job", [])}
    configs = {c["metadata"]["name"]: c["data"] for c in by_kind["ConfigMap"]}
    for key, dep in deployments.items():
        env = env_of(dep["spec"]["template"]["spec"]["containers"][0])
        own = "mindmesh-wallet-db" if key == "wallet" else "mindmesh-postgresql"
        check(f"{key}: runtime database user from {own}", env["QUARKUS_DATASOURCE_USERNAME"] == own)
        check(f"{key}: does not migrate at start", configs[dep["metadata"]["name"]].get("QUARKUS_FLYWAY_MIGRATE_AT_START") == "false")
        job = jobs.get(dep["metadata"]["name"] + "-migrate")
        check(f"{key}: a migration Job exists", job is not None)
        if job:
            ddl = "mindmesh-wallet-ddl" if key == "wallet" else "mindmesh-postgresql-ddl"
            job_env = env_of(job["spec"]["template"]["spec"]["containers"][0])
            check(f"{key}: the Job is a pre-install,pre-upgrade hook",
                  job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade")
            check(f"{key}: the Job migrates and exits as {ddl}",
                  job_env["QUARKUS_FLYWAY_MIGRATE_AT_START"] == "true" and job_env["QUARKUS_INIT_AND_EXIT"] == "true"
                  and job_env["QUARKUS_FLYWAY_USERNAME"] == ddl and job_env["QUARKUS_FLYWAY_PASSWORD"] == ddl)
            selector = dep["spec"]["selector"]["matchLabels"]
            labels = job["spec"]["template"]["metadata"]["labels"]
            check(f"{key}: the Service never selects the Job's pod",
                  any(labels.get(k) != v for k, v in selector.items()))

    # Images: the chart's appVersion (a release) by default, a digest when given; version labels
    # follow the image each pod runs; JSON logs
    for key, dep in deployments.items():
        image = dep["spec"]["template"]["spec"]["containers"][0]["image"]
        tag = "0.1.1" if key == "gateway" else "0.1.0"
        digest = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" if key == "wallet" else ""
        check(f"{key}: image {image.rsplit('/', 1)[-1]}", image.endswith(f":{tag}{digest}") and "SNAPSHOT" not in image)
        check(f"{key}: version label {tag} on the Deployment and its pods",
              dep["metadata"]["labels"]["app.kubernetes.io/version"] == tag
              and dep["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/version"] == tag)
        check(f"{key}: LOG_FORMAT=json", configs[dep["metadata"]["name"]]["LOG_FORMAT"] == "json")

    # Zone and node spreading, counted per rollout; analytics with 2 replicas under its PDB
    for key, dep in deployments.items():
        spread = dep["spec"]["template"]["spec"]["topologySpreadConstraints"]
        check(f"{key}: spread over zones then nodes, per rollout",
              [c["topologyKey"] for c in spread] == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
              and all(c["matchLabelKeys"] == ["pod-template-hash"] for c in spread))
    check("analytics: 2 replicas", deployments["analytics"]["spec"]["replicas"] == 2)

    # Per-service config checksum; startup probe on /q/health/started
    checksums = {key: dep["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
                 for key, dep in deployments.items()}
    check("a config checksum per service (all different)", len(set(checksums.values())) == len(deployments))
    for key, dep in deployments.items():
        probe = dep["spec"]["template"]["spec"]["containers"][0]["startupProbe"]["httpGet"]["path"]
        check(f"{key}: startup probe on /q/health/started", probe == "/q/health/started")

    # helm test: a test-hook pod the gateway lets in despite networkPolicy.gatewayFrom
    tests = [p for p in by_kind.get("Pod", []) if p["metadata"].get("annotations", {}).get("helm.sh/hook") == "test"]
    check("a helm test pod checks the gateway",
          len(tests) == 1 and any(a.endswith("/health") for a in tests[0]["spec"]["containers"][0]["command"]))
    gateway_from = [peer for rule in policies["gateway"]["spec"]["ingress"] for peer in rule.get("from", [])]
    check("the gateway's NetworkPolicy admits the test pod",
          any(p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component") == "test"
              for p in gateway_from))

    # Gateway API HTTPRoute beside the Ingress: the same hosts and paths, to the gateway
    routes = by_kind.get("HTTPRoute", [])
    ingress = by_kind.get("Ingress", [])
    check("one HTTPRoute and one Ingress", len(routes) == 1 and len(ingress) == 1)
    if routes and ingress:
        route, ing = routes[0]["spec"], ingress[0]["spec"]
        check("HTTPRoute: attached to the Gateway public", route["parentRefs"][0]["name"] == "public")
        check("HTTPRoute: the Ingress' hosts", route["hostnames"] == [r["host"] for r in ing["rules"]])
        check("HTTPRoute: the Ingress' paths, to the gateway",
              [m["path"]["value"] for m in route["rules"][0]["matches"]]
              == [p["path"] for p in ing["rules"][0]["http"]["paths"]]
              and route["rules"][0]["backendRefs"][0]["name"].endswith("-gateway"))
        check("Ingress: TLS", bool(ing.get("tls")))

    # Alerts: runbook_url from runbookBaseUrl; per-alert overrides
    rules = {r["alert"]: r for g in by_kind["PrometheusRule"][0]["spec"]["groups"] for r in g["rules"]}
    check("every alert's runbook_url is the served docs plus its anchor",
          all(r["annotations"]["runbook_url"] == "https://git.example.com/platform/mindmesh/-/blob/main/docs/operations.md#"
              + name.lower() for name, r in rules.items()))
    check("override: MindMeshJvmHeapPressure dropped (and its empty group)",
          "MindMeshJvmHeapPressure" not in rules
          and "mindmesh.jvm" not in [g["name"] for g in by_kind["PrometheusRule"][0]["spec"]["groups"]])
    storm = rules["MindMeshRateLimitStorm"]
    check("override: MindMeshRateLimitStorm severity info, for 30m, label team=edge",
          storm["labels"] == {"severity": "info", "team": "edge"} and storm["for"] == "30m")
    check("no override: MindMeshHighErrorRate unchanged",
          rules["MindMeshHighErrorRate"]["labels"] == {"severity": "critical"} and rules["MindMeshHighErrorRate"]["for"] == "5m")

    # NOTES.txt names every Secret a pod refers to
    notes = yaml.safe_load(open(notes_path))["notes"]
    secrets = set()
    for doc in by_kind["Deployment"] + by_kind.get("Job", []):
        pod = doc["spec"]["template"]["spec"]
        secrets.update(s["name"] for s in pod.get("imagePullSecrets", []))
        secrets.update(v["secret"]["secretName"] for v in pod.get("volumes", []) if "secret" in v)
        for container in pod.get("initContainers", []) + pod["containers"]:
            for e in container.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    secrets.add(ref["name"])
    missing = sorted(s for s in secrets if f"  - {s} " not in notes and f"  - {s}:" not in notes)
    check(f"NOTES.txt lists every Secret the pods use ({len(secrets)})", not missing)
    if missing:
        print("        not in NOTES.txt: " + ", ".join(missing))

    # Tracing: every service exports to the collector with the sampling ratio.
    for key, dep in deployments.items():
        config = configs[dep["metadata"]["name"]]
        check(f"{key}: traces exported to the collector, 25% of new traces kept",
              config.get("QUARKUS_OTEL_SDK_DISABLED") == "false"
              and config.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "http://otel-collector.observability:4318"
              and config.get("QUARKUS_OTEL_TRACES_SAMPLER_ARG") == "0.25")

    if failures:
        print("failed: " + ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

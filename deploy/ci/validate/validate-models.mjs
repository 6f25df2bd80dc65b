// Validates Kubernetes objects with the schema validators of kubernetes-models (Kubernetes
// OpenAPI document), @kubernetes-models/prometheus-operator (the operator's CRD schemas) and
// @kubernetes-models/gateway-api (HTTPRoute):
// types, required fields, formats and enums. It is the only schema check of the custom
// resources (ServiceMonitor, PrometheusRule); K8sSchemaCheck.java adds the strict unknown-field
// check of the built-in kinds.
//
// Usage: node validate-models.mjs objects.jsonl...   (lines "source<TAB>json", as the Java check)
import { readFileSync } from "node:fs";


async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const crdPackages = {
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
    "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  };
  const candidates = crdPackages[group]
    ? [`${crdPackages[group]}/${group}/${version}/${kind}`]
    : [group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`];
  for (const specifier of candidates) {
    try {
      const module = await import(specifier);
      return module[kind];
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
  }
  return undefined;
}

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const tab = line.indexOf("\t");
    const source = line.slice(0, tab);
    const object = JSON.parse(line.slice(tab + 1));
    const what = `${source}: ${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
    const Model = await modelFor(object.apiVersion ?? "", object.kind ?? "");
    if (!Model) {
      invalid++;
      console.log(`INVALID ${what}: no schema for this apiVersion and kind`);
      continue;
    }
    try {
      new Model(object).validate();
      valid++;
    } catch (e) {
      invalid++;
      console.log(`INVALID ${what}: ${e.message}`);
    }
  }
}
console.log(`kubernetes-models schemas (incl. Prometheus Operator CRDs): ${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);

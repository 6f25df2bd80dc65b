{{/*
Names, labels and the wiring between the services. Templates that work on one service take a
dict: (dict "root" $ "key" "gateway" "svc" $.Values.services.gateway).
*/}}

{{- define "mindmesh.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mindmesh.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<key>, e.g. mindmesh-gateway. */}}
{{- define "mindmesh.serviceName" -}}
{{- printf "%s-%s" (include "mindmesh.fullname" .root) .key | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object: (dict "root" $ "version" "…"). */}}
{{- define "mindmesh.versionedLabels" -}}
{{- $ := .root -}}
app.kubernetes.io/name: {{ include "mindmesh.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/version: {{ .version | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/part-of: mindmesh
{{- if not $.Values.plainManifests }}
app.kubernetes.io/managed-by: {{ $.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" }}
{{- end }}
{{- with $.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of the release's shared objects: the version is the chart's appVersion. */}}
{{- define "mindmesh.labels" -}}
{{ include "mindmesh.versionedLabels" (dict "root" . "version" .Chart.AppVersion) }}
{{- end -}}

{{/* Labels of one service's objects: the version is the tag of the image it runs. */}}
{{- define "mindmesh.serviceLabels" -}}
{{ include "mindmesh.versionedLabels" (dict "root" .root "version" (include "mindmesh.imageTag" .)) }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/* Selector of one service's pods (never changes across upgrades). */}}
{{- define "mindmesh.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mindmesh.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/* The image tag of one service: its imageTag, else image.tag, else the chart's appVersion. */}}
{{- define "mindmesh.imageTag" -}}
{{- $svc := .svc | default (index .root.Values.services .key) -}}
{{- $svc.imageTag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- end -}}

{{/* The image of one service: repository:tag, or repository:tag@digest when a digest is set
(the runtime then pulls by digest; the tag only documents what it is). */}}
{{- define "mindmesh.image" -}}
{{- $img := .root.Values.image -}}
{{- $repo := .svc.imageName -}}
{{- if $img.repositoryPrefix }}{{ $repo = printf "%s/%s" $img.repositoryPrefix $repo }}{{ end -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" $img.registry $repo }}{{ end -}}
{{- $ref := printf "%s:%s" $repo (include "mindmesh.imageTag" .) -}}
{{- with .svc.imageDigest }}{{ $ref = printf "%s@%s" $ref . }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/*
Who calls whom: the services each service calls over REST. NetworkPolicies let a service in
only from its callers; the ConfigMaps give each caller the URLs of its callees.
*/}}
{{- define "mindmesh.callees" -}}
gateway: [orchestrator, registry, wallet, analytics]
orchestrator: [registry, wallet]
registry: []
wallet: []
analytics: []
{{- end -}}

{{/* In-cluster base URL of a service: (dict "root" $ "key" "wallet"). */}}
{{- define "mindmesh.serviceUrl" -}}
{{- $svc := index .root.Values.services .key -}}
{{- printf "http://%s:%d" (include "mindmesh.serviceName" .) (int $svc.port) -}}
{{- end -}}

{{/* Public base URL of the platform (links the orchestrator hands out). */}}
{{- define "mindmesh.publicBaseUrl" -}}
{{- $v := .Values -}}
{{- if $v.services.orchestrator.publicBaseUrl -}}
{{- $v.services.orchestrator.publicBaseUrl -}}
{{- else if and $v.ingress.enabled $v.ingress.hosts -}}
{{- $host := first $v.ingress.hosts -}}
{{- printf "%s://%s" (ternary "https" "http" (gt (len $v.ingress.tls) 0)) $host -}}
{{- else -}}
http://localhost:8080
{{- end -}}
{{- end -}}

{{/* JDBC URL of one service's database. */}}
{{- define "mindmesh.jdbcUrl" -}}
{{- $pg := .root.Values.postgresql -}}
{{- $url := printf "jdbc:postgresql://%s:%d/%s" $pg.host (int $pg.port) .svc.database -}}
{{- if $pg.parameters }}{{ $url = printf "%s?%s" $url $pg.parameters }}{{ end -}}
{{- $url -}}
{{- end -}}

{{/* Services that use Kafka. */}}
{{- define "mindmesh.usesKafka" -}}
{{- if has .key (list "orchestrator" "analytics") }}true{{ end -}}
{{- end -}}

{{/*
Egress ports of the dependencies, from their addresses: (dict "postgresql" [5432] "kafka" [...] ...).
*/}}
{{- define "mindmesh.dependencyPorts" -}}
{{- $v := .Values -}}
{{- $kafka := list -}}
{{- range splitList "," $v.kafka.bootstrapServers -}}
{{- $kafka = append $kafka (int (last (splitList ":" (trim .)))) -}}
{{- end -}}
{{- $redis := urlParse $v.redis.hosts -}}
{{- $redisPort := ternary (last (splitList ":" $redis.host)) "6379" (contains ":" $redis.host) -}}
{{- $kc := urlParse $v.keycloak.authServerUrl -}}
{{- $kcPort := ternary (last (splitList ":" $kc.host)) (ternary "443" "80" (eq $kc.scheme "https")) (contains ":" $kc.host) -}}
postgresql: [{{ int $v.postgresql.port }}]
kafka: {{ $kafka | uniq | toJson }}
redis: [{{ int $redisPort }}]
keycloak: [{{ int $kcPort }}]
{{- end -}}

{{/* Any address but link-local (the cloud metadata endpoint): the default peer of a dependency. */}}
{{- define "mindmesh.anywhereButMetadata" -}}
- ipBlock:
    cidr: 0.0.0.0/0
    except:
      - 169.254.0.0/16
{{- end -}}


{{/*
The non-secret settings of one service, as environment variables (Quarkus maps them to its keys):
the ConfigMap's data, and the env of the migration Job (a hook: it runs before the ConfigMap
exists). Takes (dict "root" $ "key" "gateway" "svc" $.Values.services.gateway), plus
"migration" true for the Job.
*/}}
{{- define "mindmesh.configData" -}}
{{- $ := .root -}}
{{- $key := .key -}}
{{- $svc := .svc -}}
{{- $ctx := . -}}
{{- $callees := include "mindmesh.callees" $ | fromYaml -}}
QUARKUS_HTTP_PORT: {{ $svc.port | quote }}
LOG_FORMAT: {{ $.Values.logging.format | quote }}
{{- with $.Values.tracing }}
{{- if .otlpEndpoint }}
QUARKUS_OTEL_SDK_DISABLED: "false"
QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {{ .otlpEndpoint | quote }}
QUARKUS_OTEL_TRACES_SAMPLER_ARG: {{ .samplingRatio | toString | quote }}
{{- end }}
{{- end }}
QUARKUS_SHUTDOWN_TIMEOUT: {{ $.Values.shutdown.quarkusTimeout | quote }}
QUARKUS_DATASOURCE_JDBC_URL: {{ include "mindmesh.jdbcUrl" $ctx | quote }}
QUARKUS_OIDC_AUTH_SERVER_URL: {{ $.Values.keycloak.authServerUrl | quote }}
{{- if include "mindmesh.usesKafka" $ctx }}
KAFKA_BOOTSTRAP_SERVERS: {{ $.Values.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ $.Values.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" $.Values.kafka.securityProtocol }}
KAFKA_SASL_MECHANISM: {{ $.Values.kafka.sasl.mechanism | quote }}
{{- end }}
{{- end }}
{{- if eq $key "gateway" }}
QUARKUS_REDIS_HOSTS: {{ $.Values.redis.hosts | quote }}
{{- range $callee := index $callees $key }}
GATEWAY_DOWNSTREAM_{{ upper $callee }}_URL: {{ include "mindmesh.serviceUrl" (dict "root" $ "key" $callee) | quote }}
{{- end }}
QUARKUS_REST_CLIENT_WALLET_URL: {{ include "mindmesh.serviceUrl" (dict "root" $ "key" "wallet") | quote }}
{{- end }}
{{- if eq $key "orchestrator" }}
{{- range $callee := index $callees $key }}
QUARKUS_REST_CLIENT_{{ upper $callee }}_URL: {{ include "mindmesh.serviceUrl" (dict "root" $ "key" $callee) | quote }}
{{- end }}
ORCHESTRATOR_PUBLIC_BASE_URL: {{ include "mindmesh.publicBaseUrl" $ | quote }}
{{- /* Provider names are map keys: exact property names (Kubernetes allows dots), not upper-cased ones. */}}
{{- range $.Values.llm.providers }}
orchestrator.llm.providers.{{ .name }}.base-url: {{ .baseUrl | quote }}
orchestrator.llm.providers.{{ .name }}.timeout: {{ .timeout | default "60s" | quote }}
orchestrator.llm.providers.{{ .name }}.max-retries: {{ .maxRetries | default 2 | quote }}
{{- end }}
{{- with $.Values.llm.allowedHosts }}
ORCHESTRATOR_LLM_ALLOWED_HOSTS: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- if eq $key "registry" }}
REGISTRY_DEMO_CATALOG_ENABLED: {{ $svc.demoCatalog | quote }}
{{- end }}
{{- if eq $key "wallet" }}
WALLET_TOP_UP_URL: {{ $svc.topUpUrl | quote }}
{{- end }}
{{- $jvm := $.Values.container.jvm }}
{{- $heap := printf "%.1f" (float64 $jvm.heapPercentage) }}
JAVA_TOOL_OPTIONS: {{ trim (printf "-XX:MaxRAMPercentage=%s -XX:InitialRAMPercentage=%s -XX:+Use%sGC -XX:+ExitOnOutOfMemoryError %s" $heap $heap $jvm.gc $.Values.container.javaToolOptions) | quote }}
{{- if and $.Values.migrations.enabled (not .migration) }}
{{- /* The migration Job changes the schema; the service's own user has no DDL rights. */}}
QUARKUS_FLYWAY_MIGRATE_AT_START: "false"
{{- end }}
{{- range $name, $value := $svc.config }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
The settings of one service that come from Secrets, as env entries: its database user, Kafka's
SASL login, Redis' password, its Keycloak client secret, the webhook key. Deployments and the
migration Job share them. Takes (dict "root" $ "key" "gateway" "svc" $.Values.services.gateway).
*/}}
{{- define "mindmesh.secretEnv" -}}
{{- $ := .root -}}
{{- $key := .key -}}
{{- $svc := .svc -}}
{{- $ctx := . -}}
{{- $dbSecret := $svc.databaseSecret | default $.Values.postgresql.existingSecret -}}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $dbSecret }}
      key: {{ $.Values.postgresql.usernameKey }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $dbSecret }}
      key: {{ $.Values.postgresql.passwordKey }}
{{- if and (include "mindmesh.usesKafka" $ctx) (hasPrefix "SASL_" $.Values.kafka.securityProtocol) }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with a SASL security protocol" $.Values.kafka.sasl.existingSecret }}
      key: {{ $.Values.kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if eq $key "gateway" }}
{{- with $.Values.redis.existingSecret }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.redis.passwordKey }}
{{- end }}
{{- end }}
{{- /* The services that call others authenticate to Keycloak as their own client. */}}
{{- with index $.Values.keycloak.clientSecrets $key }}
- name: MINDMESH_SERVICE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ .key }}
{{- end }}
{{- if eq $key "orchestrator" }}
- name: ORCHESTRATOR_WEBHOOKS_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "webhooks.existingSecret is required" $.Values.webhooks.existingSecret }}
      key: {{ $.Values.webhooks.key }}
{{- range $.Values.llm.providers }}
{{- if .existingSecret }}
- name: orchestrator.llm.providers.{{ .name }}.api-key
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ .key | default "api-key" }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq $key "registry" }}
- name: REGISTRY_AGENTS_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "agentSigning.existingSecret is required" $.Values.agentSigning.existingSecret }}
      key: {{ $.Values.agentSigning.key }}
{{- end }}
{{- end -}}

{{/*
Pod parts the Deployments and the migration Jobs share, each for (dict "root" $ "key" … "svc" …):
init containers (global then the service's, with the restricted security context unless they
bring their own), volumes (the writable /tmp, then the extra ones) and the matching mounts.
*/}}
{{- define "mindmesh.initContainers" -}}
{{- $ := .root -}}
{{- range concat $.Values.pod.initContainers .svc.initContainers }}
- {{- toYaml (merge (deepCopy .) (dict "securityContext" $.Values.container.securityContext)) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "mindmesh.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.container.tmpSizeLimit }}
{{- with concat .root.Values.pod.extraVolumes .svc.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "mindmesh.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- with concat .root.Values.container.extraVolumeMounts .svc.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

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

{{/* Labels on every object. */}}
{{- define "mindmesh.labels" -}}
app.kubernetes.io/name: {{ include "mindmesh.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: mindmesh
{{- if not .Values.plainManifests }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of one service's objects. */}}
{{- define "mindmesh.serviceLabels" -}}
{{ include "mindmesh.labels" .root }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/* Selector of one service's pods (never changes across upgrades). */}}
{{- define "mindmesh.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mindmesh.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/* The image of one service. */}}
{{- define "mindmesh.image" -}}
{{- $img := .root.Values.image -}}
{{- $tag := .svc.imageTag | default $img.tag | default .root.Chart.AppVersion -}}
{{- $repo := .svc.imageName -}}
{{- if $img.repositoryPrefix }}{{ $repo = printf "%s/%s" $img.repositoryPrefix $repo }}{{ end -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" $img.registry $repo }}{{ end -}}
{{- printf "%s:%s" $repo $tag -}}
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

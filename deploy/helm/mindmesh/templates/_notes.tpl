{{/*
What `helm install` prints (NOTES.txt). A named template so that deploy/ci/verify.sh can render
and check it (helm template does not render NOTES.txt).
*/}}
{{- define "mindmesh.notes" -}}
MindMesh {{ .Chart.AppVersion }} is deployed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".

Services (enabled):
{{- range $key, $svc := .Values.services }}
{{- if $svc.enabled }}
  - {{ include "mindmesh.serviceName" (dict "root" $ "key" $key) }}:{{ $svc.port }}  image {{ include "mindmesh.image" (dict "root" $ "key" $key "svc" $svc) }}
{{- end }}
{{- end }}

The chart does not create credentials. Before the pods can become ready these Secrets must exist
in namespace "{{ .Release.Namespace }}":
{{- $pg := .Values.postgresql }}
{{- $db := dict }}
{{- $ddl := dict }}
{{- range $key, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $s := $svc.databaseSecret | default $pg.existingSecret }}
{{- $_ := set $db $s (append (get $db $s | default list) $svc.database) }}
{{- $d := $svc.migrationSecret | default $.Values.migrations.existingSecret }}
{{- $_ := set $ddl $d (append (get $ddl $d | default list) $svc.database) }}
{{- end }}
{{- end }}
{{- range $secret, $databases := $db }}
  - {{ $secret }} (keys {{ $pg.usernameKey }}, {{ $pg.passwordKey }}): database user of {{ join ", " $databases }} on {{ $pg.host }}:{{ $pg.port }}{{ if $.Values.migrations.enabled }} (DML only){{ end }}
{{- end }}
{{- if .Values.migrations.enabled }}
{{- range $secret, $databases := $ddl }}
  - {{ $secret }} (keys {{ $pg.usernameKey }}, {{ $pg.passwordKey }}): DDL user of the migration Jobs for {{ join ", " $databases }}
{{- end }}
{{- end }}
{{- if and .Values.services.gateway.enabled .Values.redis.existingSecret }}
  - {{ .Values.redis.existingSecret }} (key {{ .Values.redis.passwordKey }}): the Redis password
{{- end }}
{{- range $key, $client := .Values.keycloak.clientSecrets }}
{{- if (index $.Values.services $key).enabled }}
  - {{ $client.existingSecret }} (key {{ $client.key }}): the secret of the Keycloak client {{ (index $.Values.services $key).imageName }}
{{- end }}
{{- end }}
{{- if .Values.services.orchestrator.enabled }}
  - {{ .Values.webhooks.existingSecret }} (key {{ .Values.webhooks.key }}): the AES key of webhook secrets at rest
{{- end }}
{{- if .Values.services.registry.enabled }}
  - {{ .Values.agentSigning.existingSecret }} (key {{ .Values.agentSigning.key }}): the AES key of agents' signing secrets at rest
{{- end }}
{{- if and (hasPrefix "SASL_" .Values.kafka.securityProtocol) (or .Values.services.orchestrator.enabled .Values.services.analytics.enabled) }}
  - {{ .Values.kafka.sasl.existingSecret }} (key {{ .Values.kafka.sasl.jaasConfigKey }}): Kafka's SASL JAAS configuration
{{- end }}
{{- range .Values.pod.extraVolumes }}
{{- with .secret }}
  - {{ .secretName }}: mounted in every pod (pod.extraVolumes)
{{- end }}
{{- end }}
{{- range $key, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- range $svc.extraVolumes }}
{{- with .secret }}
  - {{ .secretName }}: mounted in the {{ $key }} pods (services.{{ $key }}.extraVolumes)
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.image.pullSecrets }}
  - {{ join ", " . }} (docker-registry): image pull credentials
{{- end }}

Watch the rollout:
  kubectl -n {{ .Release.Namespace }} get pods -l app.kubernetes.io/instance={{ .Release.Name }} -w
{{- if .Values.ingress.enabled }}

Public API: {{ include "mindmesh.publicBaseUrl" . }}/health
{{- else }}

Public API (no Ingress): kubectl -n {{ .Release.Namespace }} port-forward svc/{{ include "mindmesh.serviceName" (dict "root" . "key" "gateway") }} 8080:{{ .Values.services.gateway.port }}
{{- end }}

Operations (scaling, metrics, alerts): docs/operations.md in the MindMesh repository.
{{- end -}}

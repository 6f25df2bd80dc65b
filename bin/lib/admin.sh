# shellcheck shell=bash
# The operator API of the platform as bin/platform runs it (gateway on 8080, Keycloak on
# KEYCLOAK_PORT, 8180 unless set): an operator's token and calls to /v1/admin. Sourced by
# bin/platform (the demo accounts) and benchmarks/stack.sh (the benchmark's accounts).

operator_token() {
  curl -sf -d grant_type=password -d client_id=mindmesh-cli -d username=operator -d password=operator \
    "http://127.0.0.1:${KEYCLOAK_PORT:-8180}/realms/mindmesh/protocol/openid-connect/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

admin() { # method path json; TOKEN holds operator_token's answer
  curl -sf -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$3" "http://127.0.0.1:8080/v1/admin/$2"
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

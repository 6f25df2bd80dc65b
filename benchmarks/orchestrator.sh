# shellcheck shell=bash
# benchmarks/run.sh orchestrator: orchestration overhead with simulated agents. Sourced by run.sh
# after common.sh (which provides start_postgres, start_kafka, start_keycloak, start_service,
# free_port, machine_line, the cleanup of everything started, ...).
#
# Starts PostgreSQL, Kafka (a single KRaft node from .local/infra/kafka) and Keycloak (service
# tokens), both as bin/platform does with bin/lib/infra.sh, and orchestrator-service; the load client
# OrchestratorBench.java calls the orchestrator with a service token and plays the agent registry.
# Sandbox executions need no wallet. See README.md "orchestrator".

CLIENTS="${CLIENTS:-4}"                   # orchestrator: concurrent clients of the overhead case
OVERHEAD_AGENTS="${OVERHEAD_AGENTS:-3}"   # orchestrator: zero-latency agents per overhead execution
SLOWEST_MS="${SLOWEST_MS:-200}"           # orchestrator: the slowest agent's latency in the parallel case
PARALLEL_RUNS="${PARALLEL_RUNS:-10}"      # orchestrator: executions measured per agent count
WORK_RUNS="${WORK_RUNS:-20}"              # orchestrator: executions counted for the work per execution
INFLIGHT="${INFLIGHT:-1000}"              # orchestrator: executions of the in-flight case
INFLIGHT_AGENT_MS="${INFLIGHT_AGENT_MS:-20000}"  # orchestrator: the in-flight case's agent latency
MAX_WARMUP_SECONDS="${MAX_WARMUP_SECONDS:-240}"  # orchestrator: the overhead warm-up goes on past WARMUP_SECONDS while the JIT compiler takes more than a tenth of the CPU, up to this

bench_orchestrator() {
  find_jdk 21
  ensure_jar orchestrator-service
  new_work
  say "Starting PostgreSQL, Kafka and Keycloak"
  start_postgres orchestrator
  psql_in orchestrator "create extension pg_stat_statements"
  start_kafka
  start_keycloak
  say "Starting orchestrator-service"
  local port registry; port="$(free_port)"; registry="$(free_port)"
  local began=$SECONDS
  # The registry URL is the load client's port (it answers selections); the wallet is never called
  # for sandbox executions, so it points at a closed port. Every call in and out carries a real
  # service token: the orchestrator checks the client's and fetches its own for the registry.
  start_service orchestrator-service "$port" "${ORCHESTRATOR_LOCAL[@]}" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/orchestrator" \
    -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
    -Dquarkus.oidc.auth-server-url="$KEYCLOAK_REALM" \
    -Dmindmesh.service-client.secret=orchestrator-service-local-secret \
    -Dquarkus.rest-client.registry.url="http://127.0.0.1:$registry" \
    -Dquarkus.rest-client.wallet.url=http://127.0.0.1:1
  say "orchestrator-service ready on port $port in $((SECONDS - began)) s; running the load client"
  local lib="$ROOT/orchestrator-service/target/quarkus-app/lib/main" cp=""
  for jar in "$lib"/com.fasterxml.jackson.core.jackson-{databind,core,annotations}-*.jar "$lib"/org.postgresql.postgresql-*.jar; do
    cp+="${cp:+:}$jar"
  done
  echo
  echo "== orchestrator benchmark: orchestration overhead with simulated agents (sandbox executions) =="
  machine_line
  echo "orchestrator-service: its defaults (hand-off at commit, safety-net claim every 1 s, up to 2000 executions in flight, JDBC pool max 40), -Xmx256m; Kafka single KRaft node; Keycloak $KEYCLOAK_VERSION issues the service tokens; the registry is answered by the load client"
  "$JAVA" -cp "$cp" "$BENCH/OrchestratorBench.java" \
    orchestrator="http://127.0.0.1:$port" registryPort="$registry" realm="$KEYCLOAK_REALM" \
    clientId=gateway-service clientSecret=gateway-service-local-secret threads="$CLIENTS" seconds="$ROUND_SECONDS" \
    warmup="$WARMUP_SECONDS" maxWarmup="$MAX_WARMUP_SECONDS" overheadAgents="$OVERHEAD_AGENTS" slowest="$SLOWEST_MS" parallelRuns="$PARALLEL_RUNS" \
    workRuns="$WORK_RUNS" inflight="$INFLIGHT" inflightAgentMs="$INFLIGHT_AGENT_MS" \
    pid="$(cat "$WORK/orchestrator-service.pid")" jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/orchestrator"
  local backlog
  backlog="$(psql_in orchestrator "select count(*) from outbox_events where published_at is null")"
  echo
  echo "check: every execution COMPLETED; outbox rows not yet acknowledged by Kafka at the end: $backlog"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

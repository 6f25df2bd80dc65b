# benchmarks/run.sh events: events per second through the platform's event path (orchestrator
# outbox -> relay -> Kafka -> analytics consumer -> analytics' events table) beside a bare Kafka
# producer and consumer on the same broker, in the same run. Sourced by run.sh, whose helpers
# (find_jdk, ensure_jar, new_work, start_postgres, start_service, machine_line, cleanup on exit)
# it uses; the load client is EventsBench.java. See README.md.

EVENTS="${EVENTS:-2000}"                # records per case per round (rounded down to a multiple of 4)
WARMUP_EVENTS="${WARMUP_EVENTS:-400}"   # records through each case before the rounds, not counted

bench_events() {
  find_jdk 21
  ensure_jar orchestrator-service
  ensure_jar analytics-service
  new_work
  say "Starting PostgreSQL and Kafka"
  start_postgres orchestrator analytics
  start_kafka
  local jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT" bootstrap="127.0.0.1:$KAFKA_PORT"
  local orchestrator analytics; orchestrator="$(free_port)"; analytics="$(free_port)"
  local began=$SECONDS
  # Keycloak is not needed: nothing calls a service's API (the load goes through JDBC and Kafka,
  # the script reads /q/health and /q/metrics, which need no token), so the service-token check
  # stays on and is never asked. The registry and wallet are never called either: the benchmark's
  # executions are written finished, so the scheduler claims none.
  say "Starting analytics-service and orchestrator-service"
  start_service analytics-service "$analytics" -Dquarkus.datasource.jdbc.url="$jdbc/analytics" \
    -Dkafka.bootstrap.servers="$bootstrap"
  start_service orchestrator-service "$orchestrator" "${ORCHESTRATOR_LOCAL[@]}" \
    -Dquarkus.datasource.jdbc.url="$jdbc/orchestrator" \
    -Dkafka.bootstrap.servers="$bootstrap" \
    -Dquarkus.rest-client.registry.url=http://127.0.0.1:1 -Dquarkus.rest-client.wallet.url=http://127.0.0.1:1
  say "Services ready in $((SECONDS - began)) s; running the load"
  local pgjdbc
  pgjdbc="$(ls "$ROOT"/orchestrator-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)"
  echo
  echo "== events benchmark: orchestrator outbox -> relay -> Kafka -> analytics vs a bare Kafka producer and consumer =="
  machine_line
  echo "Kafka $(basename "$(ls "$ROOT"/.local/infra/kafka/libs/kafka_*.jar)" .jar | sed 's/kafka_[^-]*-//') (one KRaft broker, 3 partitions per topic); services with their own settings (relay batch 100 every 0.2 s; one analytics consumer), -Xmx256m; $ROUNDS rounds, cases alternating"
  "$JAVA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$ROOT/.local/infra/kafka/libs/*:$pgjdbc" \
    "$BENCH/EventsBench.java" \
    kafka="$bootstrap" orchestrator="$jdbc/orchestrator?user=mindmesh&password=mindmesh" \
    analytics="$jdbc/analytics?user=mindmesh&password=mindmesh" \
    events="$EVENTS" warmup="$WARMUP_EVENTS" rounds="$ROUNDS"
  local rejected
  rejected="$(curl -sf "http://127.0.0.1:$analytics/q/metrics" |
    awk '/^analytics_events_consumed_total\{.*outcome="(rejected|duplicate)"/ {s += $2} END {printf "%d", s}')"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  if [ "$rejected" -eq 0 ]; then
    echo "check: analytics stored every event exactly once (no duplicate, no dead letter: analytics_events_consumed_total)"
  else
    echo "WARNING: analytics counted $rejected duplicate or rejected events; see $WORK/analytics-service.log"
  fi
}


# shellcheck shell=bash
# benchmarks/run.sh events: events per second through the platform's event path (orchestrator
# outbox -> relay -> Kafka -> analytics consumer -> analytics' events table) beside a bare Kafka
# producer and consumer on the same broker, in the same run. Sourced by run.sh after common.sh,
# whose helpers (ensure_jar, new_work, start_postgres, start_kafka, start_service, machine_line,
# cleanup on exit) it uses; the load client is EventsBench.java. See README.md.

EVENTS="${EVENTS:-10000}"               # records per case per round (rounded down to a multiple of 4)
WARMUP_EVENTS="${WARMUP_EVENTS:-30000}"  # records through each case before the rounds, not counted (the services compile meanwhile)
RETAINED="${RETAINED:-0}"               # published outbox rows pre-filled before the load (1000000: 72 h of retention)

bench_events() {
  find_jdk 21
  ensure_jar orchestrator-service
  ensure_jar analytics-service
  new_work
  say "Starting PostgreSQL and Kafka"
  start_postgres orchestrator analytics
  # The work per event is read from pg_stat_statements (preloaded by start_postgres).
  psql_in orchestrator "create extension pg_stat_statements"
  psql_in analytics "create extension pg_stat_statements"
  start_kafka
  local jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT" bootstrap="127.0.0.1:$KAFKA_PORT"
  local orchestrator analytics; orchestrator="$(free_port)"; analytics="$(free_port)"
  local began=$SECONDS
  # Keycloak is not needed: nothing calls a service's API (the load goes through JDBC and Kafka,
  # the script reads /q/health and /q/metrics, which need no token), so the service-token check
  # stays on and is never asked. The registry and wallet are never called either: the benchmark's
  # executions are written finished, so the scheduler claims none.
  say "Starting analytics-service and orchestrator-service"
  start_service analytics-service "$analytics" $(jfr_option analytics-service) \
    -Dquarkus.datasource.jdbc.url="$jdbc/analytics" -Dkafka.bootstrap.servers="$bootstrap"
  local analytics_pid="${PIDS[-1]}"
  start_service orchestrator-service "$orchestrator" $(jfr_option orchestrator-service) "${ORCHESTRATOR_LOCAL[@]}" \
    -Dquarkus.datasource.jdbc.url="$jdbc/orchestrator" \
    -Dkafka.bootstrap.servers="$bootstrap" \
    -Dquarkus.rest-client.registry.url=http://127.0.0.1:1 -Dquarkus.rest-client.wallet.url=http://127.0.0.1:1
  local orchestrator_pid="${PIDS[-1]}"
  say "Services ready in $((SECONDS - began)) s; running the load"
  local pgjdbc
  pgjdbc="$(ls "$ROOT"/orchestrator-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)"
  echo
  echo "== events benchmark: orchestrator outbox -> relay -> Kafka -> analytics vs a bare Kafka producer and consumer =="
  machine_line
  echo "Kafka $(infra_kafka_version) (one KRaft broker, 3 partitions per topic); services with their own settings (relay batch $(sed -n "s/^orchestrator.outbox.batch-size=//p" "$ROOT/orchestrator-service/src/main/resources/application.properties") in $(sed -n "s/^orchestrator.outbox.relay-lanes=//p" "$ROOT/orchestrator-service/src/main/resources/application.properties") lanes, woken by each commit's notification; one analytics consumer), -Xmx256m; $ROUNDS rounds, cases alternating"
  "$JAVA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$INFRA/kafka/libs/*:$pgjdbc" \
    "$BENCH/EventsBench.java" \
    kafka="$bootstrap" orchestrator="$jdbc/orchestrator?user=mindmesh&password=mindmesh" \
    analytics="$jdbc/analytics?user=mindmesh&password=mindmesh" \
    events="$EVENTS" warmup="$WARMUP_EVENTS" rounds="$ROUNDS" retained="$RETAINED"
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
  [ "$PROFILE" = 1 ] && print_profiles analytics-service "$analytics_pid" orchestrator-service "$orchestrator_pid"
  return 0
}

# JFR's profiling settings (method samples every 10-20 ms, allocation and lock events) for one service.
jfr_option() { # module
  [ "$PROFILE" = 1 ] && echo "-XX:StartFlightRecording=settings=profile,filename=$WORK/$1.jfr,dumponexit=true"
  return 0
}

# Dumps both recordings and prints where each service spent its CPU and its waits.
print_profiles() { # module pid module pid
  local module pid
  while [ $# -gt 0 ]; do
    module="$1" pid="$2"; shift 2
    "$JAVA_HOME/bin/jcmd" "$pid" JFR.dump filename="$WORK/$module.jfr" >/dev/null
    echo
    echo "== $module: JFR hot methods and contention ($WORK/$module.jfr) =="
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$WORK/$module.jfr" | head -n 30
    "$JAVA_HOME/bin/jfr" view --width 160 contention-by-site "$WORK/$module.jfr" | head -n 15 || true
  done
  KEEP=1
}


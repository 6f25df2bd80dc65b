# shellcheck shell=bash
# What every benchmark shares, sourced by run.sh: the common settings, a throw-away work folder and
# the cleanup of everything a run started, the infrastructure on free loopback ports (started by
# bin/lib/infra.sh, as bin/platform starts it), the service jars and the machine line printed above
# every result. The benchmarks themselves are wallet.sh, gateway.sh, events.sh and orchestrator.sh.

ROUNDS="${ROUNDS:-2}"                   # measured rounds; cases alternate inside each round
ROUND_SECONDS="${ROUND_SECONDS:-10}"    # length of one measured case in one round
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"  # not counted (the JIT compiles the hot paths meanwhile: 10 s was not enough on 2 cores)
PG_DURABLE="${PG_DURABLE:-1}"           # 0: fsync and synchronous_commit off, as in the tests
BUILD="${BUILD:-0}"                     # 1: rebuild the service jar even when it exists
KEEP="${KEEP:-0}"                       # 1: keep the work folder (logs, data) after the run
PROFILE="${PROFILE:-0}"                 # gateway, events, 1: record the services with JFR and print their hot methods
SERVICE_JVM_OPTS="${SERVICE_JVM_OPTS:-}" # extra JVM options of every service started (a profiler agent, perf's frame pointers)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
started() { PIDS+=("$2"); } # name pid: what cleanup stops

# shellcheck source=bin/lib/infra.sh
. "$ROOT/bin/lib/infra.sh"

need_command() { # package command
  command -v "$2" >/dev/null || infra_apt_install "$1"
}

# orchestrator-service's local-only setting, the one bin/platform gives it: a fixed key for webhook
# secrets at rest, which the service requires to start (production supplies its own; no benchmark
# registers a webhook).
# shellcheck disable=SC2034 # used by events.sh and orchestrator.sh
ORCHESTRATOR_LOCAL=(-Dorchestrator.webhooks.secret-key=bWluZG1lc2gtZGV2LW9ubHktd2ViaG9vay1rZXktMzI=)

ensure_jar() { # module
  local jar="$ROOT/$1/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ "$BUILD" = 1 ]; then
    say "Building $1"
    (cd "$ROOT" && ./mvnw -B -o -q -pl "$1" -am package -DskipTests)
  fi
  [ -f "$jar" ] || die "$jar is missing after the build"
}

# ---- what a run starts, and stopping all of it ------------------------------------------------

WORK=""
PIDS=()
PG_DATA=""
FAILED=1

cleanup() {
  if [ ${#PIDS[@]} -gt 0 ]; then
    infra_stop "${PIDS[@]}" || kill -9 "${PIDS[@]}" 2>/dev/null || true
  fi
  if [ -n "$PG_DATA" ]; then
    infra_postgres_stop "$PG_DATA" immediate 2>/dev/null || true
  fi
  if [ -n "$WORK" ]; then
    if [ "$FAILED" = 1 ] || [ "$KEEP" = 1 ]; then
      echo "logs and data kept in $WORK" >&2
    else
      rm -rf "$WORK"
    fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

new_work() {
  WORK="$(mktemp -d /tmp/mindmesh-bench.XXXXXX)"
  chmod 755 "$WORK"
}

# PostgreSQL in the work folder (its socket there too), pg_stat_statements preloaded; sets PG_PORT
# and PG_VERSION.
start_postgres() { # databases...
  [ -x "$(infra_pg_bin)/pg_ctl" ] || infra_apt_install postgresql
  PG_PORT="$(free_port)"
  local dir="$WORK/pg" options=()
  PG_DATA="$dir/data"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  infra_postgres_init "$PG_DATA" --no-sync
  [ "$PG_DURABLE" = 1 ] || options=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
  # SHOW_SQL=1 (wallet): count the statements triggers and functions run, and planning time, too.
  [ "${SHOW_SQL:-0}" = 1 ] && options+=(-c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on)
  infra_postgres_start "$PG_DATA" "$PG_PORT" "$dir/postgres.log" -k "$dir" -c max_connections=200 \
    -c shared_preload_libraries=pg_stat_statements "${options[@]}"
  infra_postgres_databases "$PG_PORT" "$@"
  PG_VERSION="$("$(infra_pg_bin)/postgres" --version | sed -n "s/.*(PostgreSQL) \([0-9.]*\).*/\1/p")"
}

psql_in() { # database sql
  infra_psql "$PG_PORT" "$1" -v ON_ERROR_STOP=1 -qAtc "$2"
}

# A single KRaft broker and controller (events, orchestrator); sets KAFKA_PORT.
start_kafka() {
  KAFKA_PORT="$(free_port)"
  infra_kafka_start "$WORK/kafka" "$WORK/kafka.properties" "$WORK" "$KAFKA_PORT" "$(free_port)"
}

# Sets REDIS_PORT.
start_redis() {
  need_command redis-server redis-server
  REDIS_PORT="$(free_port)"
  infra_redis_start "$REDIS_PORT" "$WORK/redis.log"
}

# Keycloak with the local realm (gateway, orchestrator); sets KEYCLOAK_REALM and KEYCLOAK_VERSION.
start_keycloak() {
  infra_keycloak_start "$WORK/keycloak" "$(free_port)" "$(free_port)" "$WORK/keycloak.log"
}

start_service() { # module port -Dkey=value...
  local module="$1" port="$2"; shift 2
  local log="$WORK/$module.log"
  # shellcheck disable=SC2086 # the extra options are words on purpose
  nohup "$JAVA" -Xmx256m $SERVICE_JVM_OPTS -Dquarkus.http.port="$port" "$@" \
    -jar "$ROOT/$module/target/quarkus-app/quarkus-run.jar" > "$log" 2>&1 &
  local pid=$!
  started "$module" "$pid"
  echo "$pid" > "$WORK/$module.pid"
  wait_http "http://127.0.0.1:$port/q/health/ready" 120 "$module" "$pid" "$log"
}

machine_line() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start; java $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.version = //p'); PostgreSQL $PG_VERSION ($([ "$PG_DURABLE" = 1 ] && echo 'fsync and synchronous_commit on' || echo 'fsync off, synchronous_commit off'))"
}

bc_div() { python3 -c "print(($1) / ($2))"; }

# CPU ms a JVM has used so far, in all and in its live JIT compiler threads (C1/C2 CompilerThread),
# from /proc: "<all> <compiler>". On two cores C2 compiles a service's long tail of warm methods for
# minutes, so the compiler's share over a measured span says how warm the service was.
jvm_cpu_ms() { # pid
  awk '{ name = substr($0, index($0, "(") + 1); name = substr(name, 1, index(name, ")") - 1)
         sub(/^[^)]*\) /, ""); ms = ($12 + $13) * 10
         if (FILENAME ~ /\/task\//) { if (name ~ /^C[12] CompilerThre/) jit += ms } else all = ms }
       END { print all, jit + 0 }' "/proc/$1/stat" /proc/"$1"/task/*/stat 2>/dev/null
}

# "<name> <share> %" of the JIT compiler in a JVM's CPU between two jvm_cpu_ms readings.
jit_share() { # name "before" "after"
  local b a; read -r -a b <<<"$2"; read -r -a a <<<"$3"
  printf '%s %.0f %%' "$1" "$(bc_div "100 * (${a[1]} - ${b[1]})" "max(1, ${a[0]} - ${b[0]})")"
}

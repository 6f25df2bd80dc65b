# shellcheck shell=bash
# The infrastructure MindMesh runs on, without Docker: how to install or fetch PostgreSQL, Kafka,
# Redis, Keycloak and Prometheus, and how to start and stop each on given ports and folders.
# Sourced by bin/platform (fixed ports, data kept under .local/) and by the benchmarks (free ports,
# a throw-away folder); each caller decides where things live and records the pids.
#
# The caller sets ROOT (the checkout) and defines two functions: say (its progress line) and
# started NAME PID, called as soon as a process is launched and before it is waited for, so that
# the caller can stop it even when it never becomes ready (bin/platform writes a pid file, the
# benchmarks collect the pids for their cleanup). Every infra_*_start waits until the process
# answers and dies with a pointer to its log if it does not. PostgreSQL is started and stopped with
# pg_ctl, which keeps its own pid file. Java processes run with $JAVA, set by find_jdk (bin/jdk.sh,
# sourced here).

# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"

INFRA="${INFRA:-$ROOT/.local/infra}"   # fetched software: kafka/libs, keycloak-<version>

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() { # url seconds name [pid: give up early when it exits] [log]
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
      [ -n "${5:-}" ] && tail -n 30 "$5" >&2
      die "$3 exited; see ${5:-its log}"
    fi
    [ $SECONDS -ge $deadline ] && die "$3 did not become ready in $2 s; see ${5:-its log}"
    sleep 0.2
  done
}

wait_port() { # port seconds name [log]
  local deadline=$((SECONDS + $2))
  until (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && die "$3 did not open port $1 in $2 s; see ${4:-its log}"
    sleep 0.2
  done
}

# Installs the Debian packages that are missing. RUNLEVEL=1: a package with a service (postgresql,
# redis-server, nginx) is installed without starting it; we start our own instances.
infra_apt_install() { # package...
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing ${missing[*]} from Debian packages"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

infra_keycloak_dist() { ls -d "$INFRA"/keycloak-* 2>/dev/null | head -n 1; }

# Everything the platform needs, once: PostgreSQL, Redis and Prometheus from Debian's packages,
# Kafka and Keycloak from Maven Central (deploy/local/infra-pom.xml) into $INFRA, Keycloak built.
infra_fetch() {
  find_jdk 21
  infra_apt_install postgresql redis-server prometheus curl python3
  mkdir -p "$INFRA"
  if [ ! -d "$INFRA/kafka/libs" ] || [ -z "$(infra_keycloak_dist)" ]; then
    say "Fetching Kafka and Keycloak from Maven Central"
    "$ROOT/mvnw" -B -q -f "$ROOT/deploy/local/infra-pom.xml" generate-resources
  fi
  # Keycloak builds itself on its first start (about a minute). Do it once here, so that every
  # later start (tests, local run, benchmarks) works on an already built copy.
  local kc; kc="$(infra_keycloak_dist)"
  if [ ! -f "$kc/.built" ]; then
    say "Preparing Keycloak (first start builds it, about a minute)"
    local port; port=$(free_port)
    JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1" "$kc/bin/kc.sh" start-dev --http-host 127.0.0.1 \
      --http-port "$port" --http-management-port "$(free_port)" > "$INFRA/keycloak-build.log" 2>&1 &
    local pid=$!
    wait_http "http://127.0.0.1:$port/realms/master" 300 "Keycloak (first build)" "$pid" "$INFRA/keycloak-build.log"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$kc/data"
    touch "$kc/.built"
  fi
}

# Stops processes as an operator would: TERM to each and its children (kc.sh's JVM), then up to
# 10 s for each to exit. Returns 1 if one is still alive, for callers that then kill it harder.
infra_stop() { # pid...
  local pid alive=0
  for pid in "$@"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  for pid in "$@"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && alive=1
  done
  return $alive
}

# ---- PostgreSQL (the newest installed Debian binaries) ---------------------------------------

# The server runs as the postgres user when we are root (it refuses to run as root).
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
infra_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Creates a cluster in DIR unless it exists: superuser mindmesh, password mindmesh (the password
# file lies beside DIR), scram-sha-256, UTF-8.
infra_postgres_init() { # dir [initdb option...]
  local dir="$1"; shift
  [ -f "$dir/PG_VERSION" ] && return
  local pw; pw="$(dirname "$dir")/pgpass"
  mkdir -p "$dir"; echo mindmesh > "$pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir" "$pw"
  as_postgres "$(infra_pg_bin)/initdb" -D "$dir" -U mindmesh --pwfile="$pw" -A scram-sha-256 -E UTF8 "$@" >/dev/null
}

# Starts the cluster in DIR on 127.0.0.1:PORT unless it runs; further postgres options follow
# (the socket folder -k among them).
infra_postgres_start() { # dir port log option...
  local dir="$1" port="$2" log="$3"; shift 3
  local bin; bin="$(infra_pg_bin)"
  if as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    echo "PostgreSQL already running"
    return
  fi
  touch "$log"; [ "$(id -u)" -eq 0 ] && chown postgres "$log"
  as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$log" -o "-p $port -c listen_addresses=127.0.0.1 $*" start >/dev/null ||
    die "PostgreSQL did not start; see $log"
}

infra_postgres_stop() { # dir [mode: fast (default), immediate]
  [ -f "$1/postmaster.pid" ] || return 1
  as_postgres "$(infra_pg_bin)/pg_ctl" -D "$1" -m "${2:-fast}" stop >/dev/null
}

infra_psql() { # port database psql-argument...
  local port="$1" db="$2"; shift 2
  PGPASSWORD=mindmesh "$(infra_pg_bin)/psql" -h 127.0.0.1 -p "$port" -U mindmesh -d "$db" "$@"
}

# Creates the databases that do not exist yet.
infra_postgres_databases() { # port database...
  local port="$1" db; shift
  for db in "$@"; do
    infra_psql "$port" postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 ||
      infra_psql "$port" postgres -qc "create database $db"
  done
}

# ---- Kafka: one KRaft node, broker and controller, from the jars in $INFRA/kafka/libs ----------

# Writes its configuration to CONF, formats DIR on first use and starts the node; its logs are
# LOGDIR/kafka.log and LOGDIR/kafka-format.log.
infra_kafka_start() { # dir conf logdir port controller-port
  local dir="$1" conf="$2" logs="$3" port="$4" controller="$5"
  local libs="$INFRA/kafka/libs"
  [ -d "$libs" ] || die "Kafka jars are missing in $libs: run bin/platform fetch once"
  mkdir -p "$dir"
  cat > "$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  if [ ! -f "$dir/meta.properties" ]; then
    "$JAVA" -cp "$libs/*" kafka.tools.StorageTool format -t "$("$JAVA" -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
      -c "$conf" --ignore-formatted > "$logs/kafka-format.log" 2>&1 || die "Kafka storage format failed; see $logs/kafka-format.log"
  fi
  nohup "$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$libs/*" kafka.Kafka "$conf" > "$logs/kafka.log" 2>&1 &
  started kafka $!
  wait_port "$port" 60 Kafka "$logs/kafka.log"
}

infra_kafka_version() { basename "$(ls "$INFRA"/kafka/libs/kafka_*.jar)" .jar | sed 's/kafka_[^-]*-//'; }

# ---- Redis: no persistence ---------------------------------------------------------------------

infra_redis_start() { # port log
  nohup redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --logfile "$2" \
    >/dev/null 2>&1 &
  started redis $!
  wait_port "$1" 10 Redis "$2"
}

# ---- Keycloak: dev mode with the local realm (deploy/local/keycloak) ---------------------------

# Runs INSTANCE, a hard-linked copy of the distribution fetched and built by infra_fetch (made on
# first use), with the realm imported. Sets KEYCLOAK_REALM (the realm's URL) and KEYCLOAK_VERSION.
infra_keycloak_start() { # instance http-port management-port log
  local instance="$1" port="$2" management="$3" log="$4"
  local dist; dist="$(infra_keycloak_dist)"
  [ -n "$dist" ] || die "Keycloak is missing in $INFRA: run bin/platform fetch once"
  # shellcheck disable=SC2034 # read by the callers
  KEYCLOAK_VERSION="${dist##*/keycloak-}"
  if [ ! -d "$instance" ]; then
    cp -al "$dist" "$instance"
    mkdir -p "$instance/data/import"
  fi
  # The realm file is the local Keycloak's whole state: a database left by an earlier start would
  # keep an older realm (import skips a realm that exists), so it starts from the file every time.
  rm -rf "$instance/data/h2"
  cp "$ROOT/deploy/local/keycloak/mindmesh-realm.json" "$instance/data/import/"
  JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1" nohup "$instance/bin/kc.sh" start-dev --http-host 127.0.0.1 \
    --http-port "$port" --http-management-port "$management" --import-realm > "$log" 2>&1 &
  local pid=$!
  started keycloak $pid
  KEYCLOAK_REALM="http://127.0.0.1:$port/realms/mindmesh"
  wait_http "$KEYCLOAK_REALM" 300 Keycloak $pid "$log"
}

# ---- Prometheus (Debian's package) -------------------------------------------------------------

# Scrapes each service's /q/metrics every 5 s and evaluates the Helm chart's alert rules
# (deploy/local/prometheus/mindmesh.rules.yaml, rendered from the chart by deploy/ci/render-k8s.sh).
# Job names are the chart's service keys, as in the cluster.
infra_prometheus_start() { # conf data-dir port log service:port...
  local conf="$1" data="$2" port="$3" log="$4" entry name job; shift 4
  cat > "$conf" <<YAML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $ROOT/deploy/local/prometheus/mindmesh.rules.yaml
scrape_configs:
YAML
  for entry in "$@"; do
    name="${entry%%:*}"; job="${name%-service}"; job="${job#agent-}"
    printf '  - job_name: %s\n    metrics_path: /q/metrics\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n        labels: {namespace: local}\n' \
      "$job" "${entry##*:}" >> "$conf"
  done
  mkdir -p "$data"
  nohup prometheus --config.file="$conf" --storage.tsdb.path="$data" \
    --web.listen-address="127.0.0.1:$port" > "$log" 2>&1 &
  local pid=$!
  started prometheus $pid
  wait_http "http://127.0.0.1:$port/-/ready" 60 Prometheus $pid "$log"
}

# shellcheck shell=bash
# benchmarks/run.sh stack: the whole platform under load through the gateway. Sourced by run.sh after
# common.sh (find_jdk, say, die).
#
# Starts the platform exactly as `bin/platform start` does (its ports, .local; the platform must not
# be running already) and stops it at the end; creates enterprise accounts with sandbox keys through
# the operator API; StackBench.java submits the API's orchestrate example 1 (simulated agents of
# 1.4-2.4 s) and reads every execution back for its server timestamps. /proc gives each process's CPU
# time over the steady load. See README.md "stack".

STACK_SECONDS="${STACK_SECONDS:-60}"             # stack: length of the steady load
STACK_THREADS="${STACK_THREADS:-8}"              # stack: client threads
STACK_ACCOUNTS="${STACK_ACCOUNTS:-4}"            # stack: enterprise accounts of the steady load
BURST_ACCOUNTS="${BURST_ACCOUNTS:-12}"           # stack: enterprise accounts of the burst (100 running each at most)
BURST_PER_ACCOUNT="${BURST_PER_ACCOUNT:-100}"    # stack: submissions per account in the burst

# CPU seconds used so far by each kind of process of the platform, one "name seconds" per line.
stack_cpu() {
  local pid cmd name hz; hz="$(getconf CLK_TCK)"
  for pid in /proc/[0-9]*; do
    cmd="$(tr '\0' ' ' < "$pid/cmdline" 2>/dev/null)" || continue
    case "$cmd" in
      *gateway-service*) name=gateway ;; *orchestrator-service*) name=orchestrator ;;
      *agent-registry-service*) name=registry ;; *wallet-service*) name=wallet ;;
      *analytics-service*) name=analytics ;; *kafka.Kafka*) name=kafka ;; *keycloak*) name=keycloak ;;
      *StackBench*) name=client ;; postgres*) name=postgresql ;; *redis-server*) name=redis ;;
      *prometheus*) name=prometheus ;; *) continue ;;
    esac
    awk -v n="$name" -v hz="$hz" '{ sub(/.*\) /, ""); print n, ($12 + $13) / hz }' "$pid/stat" 2>/dev/null
  done | awk '{ s[$1] += $2 } END { for (n in s) print n, s[n] }' | sort
}

bench_stack() {
  find_jdk 21
  new_work
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  if curl -sf -o /dev/null http://127.0.0.1:8080/health; then
    die "the platform is running: stop it first (bin/platform stop); this benchmark starts and stops its own"
  fi
  trap '"$ROOT/bin/platform" stop >/dev/null 2>&1 || true; cleanup' EXIT
  say "Starting the platform (bin/platform start)"
  "$ROOT/bin/platform" start > "$ROOT/.local/logs/stack-benchmark-start.log" 2>&1 ||
    die "bin/platform start failed: see .local/logs/stack-benchmark-start.log"
  grep "ready on port" "$ROOT/.local/logs/stack-benchmark-start.log" || true

  # shellcheck source=bin/lib/admin.sh
  . "$ROOT/bin/lib/admin.sh"
  TOKEN="$(operator_token)"
  stack_keys() { # count: that many new enterprise accounts, one sandbox key each, comma-separated
    local i account keys=()
    for ((i = 0; i < $1; i++)); do
      account="$(admin POST accounts "{\"name\":\"stack benchmark $i\",\"tier\":\"enterprise\"}" | json_field id)"
      keys+=("$(admin POST "accounts/$account/api-keys" '{"name":"stack benchmark","environment":"test"}' | json_field key)")
    done
    (IFS=,; echo "${keys[*]}")
  }
  local steady burst; steady="$(stack_keys "$STACK_ACCOUNTS")"; burst="$(stack_keys "$BURST_ACCOUNTS")"
  local client=("$JAVA" "$BENCH/StackBench.java")

  echo
  echo "== stack benchmark: the API's orchestrate example 1 through the gateway, sandbox keys, simulated agents =="
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $load at start (before the platform was built and started), $(cut -d' ' -f1-3 /proc/loadavg) when the load began"
  echo "one replica of each service as bin/platform starts them; $STACK_THREADS client threads"
  echo "warm-up: 15 s of the same load, not counted"
  "${client[@]}" steady http://127.0.0.1:8080 "$STACK_THREADS" "$steady" 15 > /dev/null

  echo
  echo "-- steady: $STACK_THREADS clients for $STACK_SECONDS s on $STACK_ACCOUNTS enterprise accounts (100 running, 500 queued each at most)"
  local before after; before="$(stack_cpu)"
  "${client[@]}" steady http://127.0.0.1:8080 "$STACK_THREADS" "$steady" "$STACK_SECONDS" | tee "$WORK/steady.txt"
  after="$(stack_cpu)"
  local accepted; accepted="$(sed -n 's/^accepted \([0-9]*\) executions.*/\1/p' "$WORK/steady.txt")"
  echo "CPU over the steady load and its read-back (cores over ${STACK_SECONDS} s; ms of CPU per accepted execution):"
  join <(echo "$before") <(echo "$after") | awk -v s="$STACK_SECONDS" -v n="${accepted:-0}" \
    '{ d = $3 - $2; t += d; printf "  %-13s %5.2f cores  %6.2f ms\n", $1, d / s, n ? 1000 * d / n : 0 }
     END { printf "  %-13s %5.2f cores  %6.2f ms\n", "all", t / s, n ? 1000 * t / n : 0 }'

  echo
  echo "-- burst: $BURST_PER_ACCOUNT submissions on each of $BURST_ACCOUNTS enterprise accounts, as fast as $STACK_THREADS clients send them"
  "${client[@]}" burst http://127.0.0.1:8080 "$STACK_THREADS" "$burst" "$BURST_PER_ACCOUNT"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

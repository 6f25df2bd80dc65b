# shellcheck shell=bash
# benchmarks/run.sh gateway: req/s, p50 and p99 with wrk of GET /v1/wallet through the gateway
# beside the same call made directly to wallet-service (with a service token) and through nginx
# doing the same work, and of GET /v1/auth/test (API key + Redis rate limit) beside the gateway's
# own unauthenticated GET /health, in the same run. Sourced by run.sh after common.sh. See README.md.

CONNECTIONS="${CONNECTIONS:-32}"        # wrk connections
WRK_THREADS="${WRK_THREADS:-2}"         # wrk threads

# An enterprise account whose own limits are far above what the run can send, and a live key,
# written straight into the gateway's tables (V1, V2; V4 gives it every scope by default): the key
# is stored as SHA-256 hex.
create_key() {
  local secret key hash
  secret="$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 40 || true)"
  key="mk_live_$secret"
  hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
  psql_in gateway "
    insert into accounts (id, name, tier, status, rate_limit_per_minute, rate_limit_per_day)
      values ('acc_benchmark', 'Benchmark', 'enterprise', 'active', 2000000000, 2000000000);
    insert into api_keys (id, account_id, name, environment, display_prefix, key_hash)
      values ('key_benchmark', 'acc_benchmark', 'benchmark', 'live', '${key:0:12}', '$hash');"
  echo "$key"
}

WRK_FIELDS=()
run_wrk() { # seconds url [header...]
  local seconds="$1" url="$2" header out
  shift 2
  local args=(-t "$WRK_THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 10s -s "$BENCH/wrk-report.lua")
  for header in "$@"; do args+=(-H "$header"); done
  out="$(wrk "${args[@]}" "$url")"
  echo "$out" >> "$WORK/wrk.log"
  local line; line="$(grep '^WRK_RESULT' <<<"$out")" || die "no result from wrk: $out"
  # requests duration_us p50_us p90_us p99_us max_us non2xx socket_errors
  read -r -a WRK_FIELDS <<<"$(sed 's/[a-z0-9_]*=//g; s/^WRK_RESULT //' <<<"$line")"
  [ "${WRK_FIELDS[6]}" -eq 0 ] || die "$url answered ${WRK_FIELDS[6]} non-2xx responses; see $WORK/wrk.log and the service logs in $WORK"
  [ "${WRK_FIELDS[7]}" -eq 0 ] || die "$url: ${WRK_FIELDS[7]} socket errors; see $WORK/wrk.log"
}

# A client-credentials token of the gateway's Keycloak client, fetched as the gateway fetches its own.
gateway_service_token() {
  curl -sf -u gateway-service:gateway-service-local-secret -d grant_type=client_credentials \
    "$KEYCLOAK_REALM/protocol/openid-connect/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' ||
    die "Keycloak issued no token to gateway-service; see $WORK/keycloak.log"
}

# The five gateway cases: each measured call beside its baselines.
GW_NAMES=("baseline GET /health (no key)" "GET /v1/auth/test (API key + Redis limit)"
  "GET /v1/wallet through the gateway" "GET /v1/wallet direct to wallet-service"
  "GET /v1/wallet through nginx")
GW_URLS=()
GW_HEADERS=()
# Sets GW_HEADERS for case $1. The direct case gets a fresh service token before every wrk run,
# so that no run outlives the token (300 s in the local realm) however long the whole run is.
gateway_case_headers() {
  case "$1" in
    0) GW_HEADERS=() ;;
    1 | 2) GW_HEADERS=("Authorization: Bearer $GW_KEY") ;;
    3) local token; token="$(gateway_service_token)"
       GW_HEADERS=("Authorization: Bearer $token" "X-Account-Id: acc_benchmark" "X-Account-Tier: enterprise"
         "X-Environment: live") ;;
    4) nginx_reload_token
       GW_HEADERS=("Authorization: Bearer $GW_KEY") ;;
  esac
}

# nginx in front of the same wallet, doing the gateway's work as nginx does it: the API key
# mapped to its account (a map lookup of the whole header, as a cache hit), a per-key limit_req
# zone that never rejects here, the identity headers, a request id, the key replaced by a service
# token, keep-alive connections to the wallet. Sets NGINX_PORT.
start_nginx() { # wallet_port
  need_command nginx-light nginx
  NGINX_PORT="$(free_port)"
  NGINX_WALLET_PORT="$1"
  mkdir -p "$WORK/nginx/logs"
  nginx_config "$(gateway_service_token)"
  nginx -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" &
  started nginx $!
  local deadline=$((SECONDS + 10))
  until (exec 3<>/dev/tcp/127.0.0.1/"$NGINX_PORT") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && die "nginx did not open port $NGINX_PORT; see $WORK/nginx/logs/error.log"
    sleep 0.1
  done
}

nginx_config() { # service_token
  cat > "$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  map_hash_bucket_size 128; # the mapped value is the whole "Bearer mk_live_…" header
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  map \$http_authorization \$account_id { "Bearer $GW_KEY" acc_benchmark; default ""; }
  map \$http_authorization \$account_tier { "Bearer $GW_KEY" enterprise; default ""; }
  limit_req_zone \$account_id zone=per_key:10m rate=1000000r/s;
  upstream wallet { server 127.0.0.1:$NGINX_WALLET_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /v1/wallet {
      if (\$account_id = "") { return 401; }
      limit_req zone=per_key burst=100000 nodelay;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer $1";
      proxy_set_header X-Account-Id \$account_id;
      proxy_set_header X-Account-Tier \$account_tier;
      proxy_set_header X-Environment live;
      proxy_set_header X-Request-ID req_\$request_id;
      proxy_pass http://wallet;
    }
  }
}
CONF
}

# A fresh service token in nginx's configuration before each of its runs, as the direct case gets one.
nginx_reload_token() {
  nginx_config "$(gateway_service_token)"
  nginx -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -s reload 2>>"$WORK/nginx/logs/error.log" ||
    die "nginx did not reload; see $WORK/nginx/logs/error.log"
  sleep 1 # the new workers take over; the old ones finish their connections
}

# "gateway-statements gateway-commits wallet-statements wallet-commits redis-commands" so far
work_counters() {
  sleep 1.2 # pg_stat_database is flushed by the backends about once a second
  echo "$(sql_work gateway) $(sql_work wallet) $(redis_commands)"
}

bench_gateway() {
  find_jdk 21
  need_command wrk wrk
  (( ROUND_SECONDS < 270 && WARMUP_SECONDS < 270 )) ||
    die "ROUND_SECONDS and WARMUP_SECONDS must stay below the 300 s of a Keycloak token (the direct case's)"
  ensure_jar gateway-service
  ensure_jar wallet-service
  new_work
  say "Starting PostgreSQL, Redis and Keycloak"
  start_postgres gateway wallet
  start_redis
  start_keycloak
  say "Starting wallet-service"
  local wallet_port; wallet_port="$(free_port)"
  # The real path: the wallet checks every caller's service token against the realm.
  start_service wallet-service "$wallet_port" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/wallet" \
    -Dquarkus.oidc.auth-server-url="$KEYCLOAK_REALM"
  say "Starting gateway-service"
  local port; port="$(free_port)"
  local began=$SECONDS
  local profile=()
  [ "$PROFILE" = 1 ] && profile=(-XX:StartFlightRecording=filename="$WORK/gateway.jfr",settings=profile,dumponexit=true)
  # Only the wallet runs downstream: /v1/auth/test and /health are answered by the gateway itself.
  start_service gateway-service "$port" "${profile[@]}" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/gateway" \
    -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
    -Dquarkus.oidc.auth-server-url="$KEYCLOAK_REALM" \
    -Dmindmesh.service-client.secret=gateway-service-local-secret \
    -Dgateway.downstream.wallet.url="http://127.0.0.1:$wallet_port" \
    -Dgateway.downstream.orchestrator.url=http://127.0.0.1:1 -Dgateway.downstream.registry.url=http://127.0.0.1:1 \
    -Dgateway.downstream.analytics.url=http://127.0.0.1:1
  say "gateway-service ready on port $port in $((SECONDS - began)) s"
  psql_in gateway "create extension pg_stat_statements"
  psql_in wallet "create extension pg_stat_statements"
  GW_KEY="$(create_key)"
  say "Starting nginx"
  start_nginx "$wallet_port"
  local base="http://127.0.0.1:$port" wallet="http://127.0.0.1:$wallet_port"
  GW_URLS=("$base/health" "$base/v1/auth/test" "$base/v1/wallet" "$wallet/v1/wallet"
    "http://127.0.0.1:$NGINX_PORT/v1/wallet")

  # The benchmark account's wallet gets funds, so that both wallet cases read a real ledger account.
  local token; token="$(gateway_service_token)"
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'X-Operator: benchmark' -d '{"amount":1000,"reference":"benchmark-funds"}' "$wallet/internal/v1/wallets/acc_benchmark/top-ups" ||
    die "funding the benchmark wallet failed; see $WORK/wallet-service.log"
  local i check
  declare -a answers
  for ((i = 0; i < 5; i++)); do
    gateway_case_headers "$i"
    answers[i]="$(curl -sf "${GW_HEADERS[@]/#/-H}" "${GW_URLS[i]}")" || die "${GW_NAMES[i]} failed"
  done
  [ "${answers[4]}" = "${answers[3]}" ] ||
    die "GET /v1/wallet answers differ; through nginx: ${answers[4]}; direct: ${answers[3]}"
  grep -q '"authenticated":true' <<<"${answers[1]}" || die "unexpected /v1/auth/test answer: ${answers[1]}"
  grep -q '"accountId":"acc_benchmark"' <<<"${answers[3]}" || die "unexpected direct /v1/wallet answer: ${answers[3]}"
  [ "${answers[2]}" = "${answers[3]}" ] ||
    die "GET /v1/wallet answers differ; through the gateway: ${answers[2]}; direct: ${answers[3]}"

  local n=5 r k
  declare -a reqs dur p50 p99 p90 round_rps work
  local by_round_auth="" by_round_wallet="" by_round_nginx="" by_round_nginx_direct=""
  for ((i = 0; i < n; i++)); do reqs[i]=0; dur[i]=0; p50[i]=0; p90[i]=0; p99[i]=0; done
  for ((i = 0; i < n * 5; i++)); do work[i]=0; done

  echo
  echo "== gateway benchmark: GET /v1/auth/test vs GET /health on the same gateway; GET /v1/wallet through the gateway vs direct to wallet-service vs through nginx =="
  machine_line
  echo "wrk: $WRK_THREADS threads, $CONNECTIONS connections; $ROUNDS rounds x $ROUND_SECONDS s per case, cases alternating; Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'); Keycloak $KEYCLOAK_VERSION"
  echo "wallet-service: JDBC pool max 20 (its default), service-token check on; both services -Xmx256m; nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), worker_processes auto"
  echo "warm-up: $WARMUP_SECONDS s per case (not counted)"
  for ((i = 0; i < n; i++)); do
    gateway_case_headers "$i"
    run_wrk "$WARMUP_SECONDS" "${GW_URLS[i]}" "${GW_HEADERS[@]}"
  done
  local fallback_before; fallback_before="$(fallbacks "$base")"
  local gateway_pid wallet_pid gateway_cpu wallet_cpu
  gateway_pid="$(cat "$WORK/gateway-service.pid")"; wallet_pid="$(cat "$WORK/wallet-service.pid")"
  gateway_cpu="$(jvm_cpu_ms "$gateway_pid")"; wallet_cpu="$(jvm_cpu_ms "$wallet_pid")"
  local before after j
  read -r -a before <<<"$(work_counters)"
  for ((r = 1; r <= ROUNDS; r++)); do
    for ((k = 0; k < n; k++)); do
      i=$(( r % 2 == 1 ? k : n - 1 - k ))
      gateway_case_headers "$i"
      run_wrk "$ROUND_SECONDS" "${GW_URLS[i]}" "${GW_HEADERS[@]}"
      reqs[i]=$((reqs[i] + WRK_FIELDS[0])); dur[i]=$((dur[i] + WRK_FIELDS[1]))
      p50[i]=$((p50[i] + WRK_FIELDS[2])); p90[i]=$((p90[i] + WRK_FIELDS[3])); p99[i]=$((p99[i] + WRK_FIELDS[4]))
      round_rps[i]="$(bc_div "${WRK_FIELDS[0]} * 1000000" "${WRK_FIELDS[1]}")"
      printf '  round %d  %-44s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms\n' "$r" "${GW_NAMES[i]}" "${round_rps[i]}" \
        "$(bc_div "${WRK_FIELDS[2]}" 1000)" "$(bc_div "${WRK_FIELDS[4]}" 1000)"
      # The work counted since the previous run is this case's alone: the cases never overlap.
      read -r -a after <<<"$(work_counters)"
      for ((j = 0; j < 5; j++)); do work[i * 5 + j]=$((work[i * 5 + j] + after[j] - before[j])); done
      before=("${after[@]}")
    done
    by_round_auth+="${by_round_auth:+, }$(printf '%.3f' "$(bc_div "${round_rps[1]}" "${round_rps[0]}")")"
    by_round_wallet+="${by_round_wallet:+, }$(printf '%.3f' "$(bc_div "${round_rps[2]}" "${round_rps[3]}")")"
    by_round_nginx+="${by_round_nginx:+, }$(printf '%.3f' "$(bc_div "${round_rps[2]}" "${round_rps[4]}")")"
    by_round_nginx_direct+="${by_round_nginx_direct:+, }$(printf '%.3f' "$(bc_div "${round_rps[4]}" "${round_rps[3]}")")"
  done

  echo "  the JIT compiler's share of each JVM's CPU over the rounds: $(jit_share gateway "$gateway_cpu" \
    "$(jvm_cpu_ms "$gateway_pid")"), $(jit_share wallet "$wallet_cpu" "$(jvm_cpu_ms "$wallet_pid")")"
  local fallback=$(( $(fallbacks "$base") - fallback_before ))
  local counted
  counted="$(redis-cli -p "$REDIS_PORT" --raw keys '*' | while read -r k; do redis-cli -p "$REDIS_PORT" get "$k"; done |
    sort -n | tail -n 1)"

  echo
  printf '%-44s %10s %9s %9s %9s %10s\n' "case ($CONNECTIONS connections)" "req/s" "p50 ms" "p90 ms" "p99 ms" "requests"
  declare -a rps m50 m90 m99
  for ((i = 0; i < n; i++)); do
    rps[i]="$(bc_div "${reqs[i]} * 1000000" "${dur[i]}")"
    m50[i]="$(bc_div "${p50[i]}" "$((ROUNDS * 1000))")"
    m90[i]="$(bc_div "${p90[i]}" "$((ROUNDS * 1000))")"
    m99[i]="$(bc_div "${p99[i]}" "$((ROUNDS * 1000))")"
    printf '%-44s %10.1f %9.2f %9.2f %9.2f %10d\n' "${GW_NAMES[i]}" "${rps[i]}" "${m50[i]}" "${m90[i]}" "${m99[i]}" "${reqs[i]}"
  done
  echo "(req/s over all rounds; latencies are the mean of the rounds' percentiles)"
  echo
  echo "ratios (same run, same machine, same processes):"
  print_ratios "/v1/auth/test / /health" 1 0 "$by_round_auth"
  print_ratios "/v1/wallet gateway / direct" 2 3 "$by_round_wallet"
  print_ratios "/v1/wallet gateway / nginx" 2 4 "$by_round_nginx"
  print_ratios "/v1/wallet nginx / direct" 4 3 "$by_round_nginx_direct"
  echo
  echo "work per request (measured rounds; pg_stat_statements and pg_stat_database per database, Redis INFO):"
  printf '  %-44s %14s %9s %12s %13s %9s\n' "case" "gateway SQL" "commits" "Redis cmds" "wallet SQL" "commits"
  for ((i = 0; i < n; i++)); do
    printf '  %-44s %14.2f %9.2f %12.2f %13.2f %9.2f\n' "${GW_NAMES[i]}" \
      "$(bc_div "${work[i * 5]}" "${reqs[i]}")" "$(bc_div "${work[i * 5 + 1]}" "${reqs[i]}")" \
      "$(bc_div "${work[i * 5 + 4]}" "${reqs[i]}")" \
      "$(bc_div "${work[i * 5 + 2]}" "${reqs[i]}")" "$(bc_div "${work[i * 5 + 3]}" "${reqs[i]}")"
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "check: every answer 2xx, no socket errors; GET /v1/wallet answered the same body through the gateway and direct;" \
    "the key's Redis day counter reads ${counted:-?}"
  if [ "$PROFILE" = 1 ]; then
    "$(dirname "$JAVA")/jcmd" "$(cat "$WORK/gateway-service.pid")" JFR.dump filename="$WORK/gateway.jfr" >/dev/null
    echo
    echo "gateway profile (JFR, whole run; $WORK/gateway.jfr):"
    "$(dirname "$JAVA")/jfr" view --width 200 hot-methods "$WORK/gateway.jfr" | head -n 40
    "$(dirname "$JAVA")/jfr" view --width 200 thread-cpu-load "$WORK/gateway.jfr" 2>/dev/null | head -n 30 || true
  fi
  local limited=$((reqs[1] + reqs[2]))
  if [ "$fallback" -eq 0 ]; then
    echo "check: every measured request through the gateway with the key was counted in Redis (no local fallback)"
  else
    echo "WARNING: $fallback of $limited measured requests through the gateway with the key got no Redis answer within" \
      "gateway.rate-limits.redis-timeout and were limited locally (gateway_rate_limit_fallback_total)"
  fi
}

# Throughput and latency ratios of case $2 over case $3 (label $1), with the throughput ratio of
# each round ($4); reads bench_gateway's rps, m50 and m99.
print_ratios() {
  local label="$1" a="$2" b="$3"
  printf '  throughput  %-28s = %.3f   (by round: %s)\n' "$label" "$(bc_div "${rps[a]}" "${rps[b]}")" "$4"
  printf '  p50 latency %-28s = %.2f   (%+.2f ms per request)\n' "$label" \
    "$(bc_div "${m50[a]}" "${m50[b]}")" "$(bc_div "(${m50[a]} - ${m50[b]}) * 1000" 1000)"
  printf '  p99 latency %-28s = %.2f   (%+.2f ms)\n' "$label" \
    "$(bc_div "${m99[a]}" "${m99[b]}")" "$(bc_div "(${m99[a]} - ${m99[b]}) * 1000" 1000)"
}

# "statements commits" of a database so far
sql_work() {
  psql_in "$1" "select (select coalesce(sum(calls), 0) from pg_stat_statements p where p.dbid = d.datid) || ' ' || d.xact_commit
                from pg_stat_database d where d.datname = '$1'"
}

redis_commands() {
  redis-cli -p "$REDIS_PORT" info stats | tr -d '\r' | sed -n 's/^total_commands_processed://p'
}

# gateway_rate_limit_fallback_total, summed over its series
fallbacks() {
  curl -sf "$1/q/metrics" | awk '/^gateway_rate_limit_fallback_total/ {s += $2} END {printf "%d", s}'
}

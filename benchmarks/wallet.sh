# shellcheck shell=bash
# benchmarks/run.sh wallet: captures per second (hold + capture) through wallet-service, on a hot
# account and spread over many accounts, beside a plain single-row UPDATE loop on the same
# PostgreSQL, in the same run. Sourced by run.sh after common.sh; the load client is
# WalletBench.java. See README.md.

THREADS="${THREADS:-8}"                 # concurrent client threads
ACCOUNTS="${ACCOUNTS:-1000}"            # accounts of the spread case

bench_wallet() {
  find_jdk 21
  ensure_jar wallet-service
  new_work
  say "Starting PostgreSQL"
  start_postgres wallet baseline
  say "Starting wallet-service"
  local port; port="$(free_port)"
  local began=$SECONDS
  # No Keycloak here: the client calls the wallet directly, so its service-token check is off.
  start_service wallet-service "$port" -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/wallet" \
    -Dquarkus.http.auth.permission.services.enabled=false
  say "wallet-service ready on port $port in $((SECONDS - began)) s; running the load client"
  local pgjdbc
  pgjdbc="$(ls "$ROOT"/wallet-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)"
  echo
  echo "== wallet benchmark: captures (hold + capture) through wallet-service vs plain UPDATE =="
  machine_line
  echo "wallet-service: JDBC pool max 20 (its default), -Xmx256m; each case: $THREADS client threads, $ROUNDS rounds x $ROUND_SECONDS s, cases alternating"
  "$JAVA" -cp "$pgjdbc" "$BENCH/WalletBench.java" \
    wallet="http://127.0.0.1:$port" jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/baseline" \
    threads="$THREADS" accounts="$ACCOUNTS" seconds="$ROUND_SECONDS" rounds="$ROUNDS" warmup="$WARMUP_SECONDS" showsql="${SHOW_SQL:-0}" \
    walletpid="$(cat "$WORK/wallet-service.pid")" clockticks="$(getconf CLK_TCK)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

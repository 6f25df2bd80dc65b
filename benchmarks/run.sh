#!/usr/bin/env bash
# MindMesh benchmarks: each prints its figures beside a baseline measured in the same run.
#
#   benchmarks/run.sh wallet    captures/s of wallet-service (hot account, 1,000 accounts)
#                               beside a plain single-row UPDATE loop on the same PostgreSQL
#                               (wallet.sh, WalletBench.java)
#   benchmarks/run.sh gateway   req/s, p50, p99 with wrk of GET /v1/wallet through the gateway
#                               beside the same call made directly to wallet-service (with a
#                               service token) and through nginx doing the same work, and of
#                               GET /v1/auth/test (API key + Redis rate limit) beside the
#                               gateway's own unauthenticated GET /health (gateway.sh)
#   benchmarks/run.sh orchestrator  end-to-end time and executions/s of executions with zero-latency
#                               simulated agents; PARALLEL run time against the slowest agent for
#                               1, 5 and 10 agents; event-to-stream and event-to-Kafka latency;
#                               transactions, statements and HTTP calls per execution
#                               (orchestrator.sh, OrchestratorBench.java)
#   benchmarks/run.sh events    events/s through outbox -> Kafka -> analytics beside a bare Kafka
#                               producer and consumer on the same broker (events.sh, EventsBench.java)
#   benchmarks/run.sh stack     the whole platform (bin/platform start) under the API's orchestrate
#                               example 1 through the gateway with sandbox keys: accepted/s against
#                               completed/s, queue wait, CPU per process, executions in flight on one
#                               orchestrator in a burst (stack.sh, StackBench.java)
#   benchmarks/run.sh all       wallet and gateway, one after the other
#
# Each starts what it needs on free loopback ports in a throw-away folder (PostgreSQL from the
# Debian binaries, Redis, Kafka, Keycloak: bin/lib/infra.sh, as bin/platform; the service jars) and
# stops all of it at the end (stack: the platform of bin/platform, which must not be running). One
# file per benchmark (wallet.sh, gateway.sh, events.sh, orchestrator.sh, stack.sh) and what they
# share (common.sh). See README.md for the settings (THREADS, ROUNDS,
# ROUND_SECONDS, WARMUP_SECONDS, CONNECTIONS, PG_DURABLE, BUILD, KEEP).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"

# shellcheck source=benchmarks/common.sh
. "$BENCH/common.sh"

case "${1:-}" in
  wallet | gateway | events | orchestrator | stack)
    # shellcheck source=/dev/null
    . "$BENCH/$1.sh"
    "bench_$1" ;;
  all) "$0" wallet; "$0" gateway ;;
  *) sed -n '2,25p' "$0"; exit 2 ;;
esac
FAILED=0

#!/usr/bin/env bash
# Feedback benchmarks (issue 11), loopback only: durability under kill -9, rating-write throughput
# and /recommend latency for a user folded in from 20 ratings, on SQLite and (when HR_TEST_POSTGRES
# or .ci/postgres.sh gives one) PostgreSQL. Runs each measurement RUNS times; quote the medians.
#   bash bench/feedback.sh            # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
dotnet build HybridRecommender.sln -c Release -v q -nologo >/dev/null
API=src/HybridRecommender.Api/bin/Release/net10.0/HybridRecommender.Api.dll
LOAD="dotnet bench/FeedbackLoad/bin/Release/net10.0/FeedbackLoad.dll"
PG=${HR_TEST_POSTGRES:-$(bash .ci/postgres.sh)}
lscpu | grep -E "Model name|^CPU\(s\)"

serve() { # $1 port, $2 folder, $3 connection string or ""
  ASPNETCORE_URLS=http://127.0.0.1:$1 Model__Path=model Feedback__Folder=$2 Feedback__ConnectionString=$3 \
  Feedback__RateLimit__Writes=1000000000 Feedback__RateLimit__CreateUsers=1000000 Logging__LogLevel__Default=Warning \
  dotnet $API >/dev/null 2>&1 &
  echo $!
}
wait_ready() { for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.2; done; return 1; }

for db in sqlite postgres; do
  conn=""; [ $db = postgres ] && conn="$PG"
  echo "== $db: durability (16 writers x 500, kill -9 at half)"
  for r in $(seq 1 "$RUNS"); do $LOAD durability $API model 16 500 ${conn:+"$conn"} | tail -2; done
  echo "== $db: throughput (16 connections, 10 s) and /recommend latency (1 connection, 3000 requests)"
  for r in $(seq 1 "$RUNS"); do
    folder=$(mktemp -d)
    [ $db = postgres ] && conn="$PG;Search Path=bench_$$_$r" && PGPASSWORD=hr_test psql -h 127.0.0.1 -U hr_test -d hr_test -qc "CREATE SCHEMA bench_$$_$r" 
    pid=$(serve 5399 "$folder" "$conn")
    wait_ready 5399
    $LOAD throughput http://127.0.0.1:5399 16 10
    $LOAD latency http://127.0.0.1:5399 3000
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$folder"
  done
done

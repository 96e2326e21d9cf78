#!/usr/bin/env bash
# Issue 19's concurrency bar, loopback only: PUT/DELETE of one (user, movie) from 16 threads for 60 s
# against the API on PostgreSQL (HR_TEST_POSTGRES, or .ci/postgres.sh) and on SQLite; prints 2xx/5xx
# counts and lost acknowledged writes. RUNS times each (default 1).
#   bash bench/contention.sh            THREADS=16 SECONDS_=60 RUNS=1
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-1}; THREADS=${THREADS:-16}; SECONDS_=${SECONDS_:-60}; DBS=${DBS:-"postgres sqlite"}
dotnet build HybridRecommender.sln -c Release -v q -nologo >/dev/null
API=src/HybridRecommender.Api/bin/Release/net10.0/HybridRecommender.Api.dll
LOAD="dotnet bench/FeedbackLoad/bin/Release/net10.0/FeedbackLoad.dll"
PG=${HR_TEST_POSTGRES:-$(bash .ci/postgres.sh)}
lscpu | grep -E "Model name|^CPU\(s\)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for db in $DBS; do
  for r in $(seq 1 "$RUNS"); do
    folder=$(mktemp -d); conn=""
    if [ "$db" = postgres ]; then
      schema="bench_contention_$$_$r"; conn="$PG;Search Path=$schema"
      PGPASSWORD=hr_test psql -h 127.0.0.1 -U hr_test -d hr_test -qc "CREATE SCHEMA $schema"
    fi
    ASPNETCORE_URLS=http://127.0.0.1:$PORT Model__Path=model Feedback__Folder=$folder Feedback__ConnectionString=$conn \
      Feedback__RateLimit__Writes=1000000000 Feedback__RateLimit__CreateUsers=1000000 Logging__LogLevel__Default=Warning \
      dotnet $API >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
    echo "== $db, run $r"
    $LOAD contention "http://127.0.0.1:$PORT" "$THREADS" "$SECONDS_" || true
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$folder"
    [ "$db" = postgres ] && PGPASSWORD=hr_test psql -h 127.0.0.1 -U hr_test -d hr_test -qc "DROP SCHEMA $schema CASCADE"
  done
done

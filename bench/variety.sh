#!/usr/bin/env bash
# /recommend latency with one connection (issue 21's bars: p50 ≤ 1 ms; ≤ 2 ms for a folded-in user; also with
# diversity=0.5), loopback only, against the Release API on the committed model:
#   trained users 1..6040 cycling, plain and &diversity=0.5;
#   one user created through the API and folded in from 20 ratings, plain and &diversity=0.5.
# Each is RUNS (3) wrk runs of WRK_SECONDS (10) after a 5 s warm-up; prints every run and the medians.
#   BENCH_PORT=<free port> bash bench/variety.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:?set BENCH_PORT to a free port}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${WRK_SECONDS:-10}
URL=http://127.0.0.1:$PORT
API_DIR=src/HybridRecommender.Api/bin/Release/net10.0
FEEDBACK=$(mktemp -d)
lscpu | grep -E "Model name|^CPU\(s\)"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
(cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Model__Path="$OLDPWD/model" \
   Feedback__Folder="$FEEDBACK" Feedback__RateLimit__Writes=1000000 dotnet HybridRecommender.Api.dll --urls "$URL") >"$FEEDBACK/api.log" 2>&1 &
API=$!
trap 'kill $API 2>/dev/null; rm -rf "$FEEDBACK"' EXIT
for _ in $(seq 1 300); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
# A new user folded in from 20 ratings (movie ids of the first catalogue entries, stars cycling 1..5).
NEW=$(curl -sf -X POST "$URL/users" -H 'Content-Type: application/json' -d '{}')
ID=$(echo "$NEW" | jq -r .id); TOKEN=$(echo "$NEW" | jq -r .token)
n=0
for movie in $(curl -sf "$URL/movies?pageSize=20" | jq -r '.items[].id'); do
  curl -sf -o /dev/null -X PUT "$URL/users/$ID/ratings/$movie" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"rating\": $(( n % 5 + 1 ))}"
  n=$((n + 1))
done
echo "folded-in user $ID with $n ratings"
run() { # $1 label, then env assignments
  local label=$1; shift
  env "$@" RECOMMEND_THREADS=1 wrk -t1 -c1 -d5s -s bench/recommend.lua "$URL" >/dev/null 2>&1
  local p50s=()
  for r in $(seq 1 "$RUNS"); do
    local line; line=$(env "$@" RECOMMEND_THREADS=1 wrk -t1 -c1 -d"${SECONDS_PER_RUN}"s --latency -s bench/recommend.lua "$URL" | grep BENCHSTATS)
    echo "$label run $r: $line"
    p50s+=("$(echo "$line" | sed -n 's/.* p50_ms=\([^ ]*\).*/\1/p')")
  done
  echo "$label: median p50 $(printf '%s\n' "${p50s[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms"
}
run "trained, plain" RECOMMEND_EXTRA=
run "trained, diversity=0.5" "RECOMMEND_EXTRA=&diversity=0.5"
run "folded-in, plain" RECOMMEND_USER="$ID" RECOMMEND_EXTRA=
run "folded-in, diversity=0.5" RECOMMEND_USER="$ID" "RECOMMEND_EXTRA=&diversity=0.5"
echo "load after: $(uptime | sed 's/.*load average/load average/')"

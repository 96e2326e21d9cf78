#!/usr/bin/env bash
# /recommend latency with one connection, before and after 500 movies are added with POST /movies (issue 22's bar: p50 ≤ 1 ms
# with 500 added movies), loopback only, against the Release API on the committed model. Trained users 1..6040 cycle; each
# request also reads the catalogue's version (one SQLite point read). After the additions, 20 API ratings of added movies
# (by one new user) make their rows folded in, not only content rows. Each measurement: RUNS (3) wrk runs of WRK_SECONDS (10)
# after a 5 s warm-up; prints every run and the medians.
#   BENCH_PORT=<free port> bash bench/added-movies.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:?set BENCH_PORT to a free port}
RUNS=${RUNS:-3}
ADDED=${ADDED:-500}
SECONDS_PER_RUN=${WRK_SECONDS:-10}
URL=http://127.0.0.1:$PORT
KEY=bench-admin-key-0123456789abcdef
API_DIR=src/HybridRecommender.Api/bin/Release/net10.0
FEEDBACK=$(mktemp -d)
lscpu | grep -E "Model name|^CPU\(s\)"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
(cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Model__Path="$OLDPWD/model" \
   Feedback__Folder="$FEEDBACK" Feedback__AdminKey="$KEY" Feedback__RateLimit__Writes=1000000 dotnet HybridRecommender.Api.dll --urls "$URL") >"$FEEDBACK/api.log" 2>&1 &
API=$!
trap 'kill $API 2>/dev/null; rm -rf "$FEEDBACK"' EXIT
for _ in $(seq 1 300); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
run() { # $1 label
  local label=$1
  RECOMMEND_THREADS=1 wrk -t1 -c1 -d5s -s bench/recommend.lua "$URL" >/dev/null 2>&1
  local p50s=()
  for r in $(seq 1 "$RUNS"); do
    local line; line=$(RECOMMEND_THREADS=1 wrk -t1 -c1 -d"${SECONDS_PER_RUN}"s --latency -s bench/recommend.lua "$URL" | grep BENCHSTATS)
    echo "$label run $r: $line"
    p50s+=("$(echo "$line" | sed -n 's/.* p50_ms=\([^ ]*\).*/\1/p')")
  done
  echo "$label: median p50 $(printf '%s\n' "${p50s[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms"
}
run "0 added movies"
GENRES=$(curl -sf "$URL/genres" | jq -r '.[].name')
mapfile -t G <<<"$GENRES"
FIRST=""
for i in $(seq 1 "$ADDED"); do
  a=${G[$(( i % ${#G[@]} ))]}; b=${G[$(( (i * 7 + 3) % ${#G[@]} ))]}
  if [ "$a" = "$b" ]; then genres="[\"$a\"]"; else genres="[\"$a\", \"$b\"]"; fi
  id=$(curl -sf -X POST "$URL/movies" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"title\": \"Bench movie $i\", \"year\": $(( 1950 + i % 75 )), \"genres\": $genres}" | jq -r .id)
  if [ -z "$FIRST" ]; then FIRST=$id; fi
done
NEW=$(curl -sf -X POST "$URL/users")
UID_=$(echo "$NEW" | jq -r .id); TOKEN=$(echo "$NEW" | jq -r .token)
for k in $(seq 0 19); do
  curl -sf -o /dev/null -X PUT "$URL/users/$UID_/ratings/$(( FIRST + k ))" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"rating\": $(( k % 5 + 1 ))}"
done
start=$(date +%s%N)
curl -sf -o /dev/null "$URL/recommend?user=1"
echo "first /recommend after the catalogue changed (rebuild: $ADDED content rows, 20 folded in): $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "served: $(curl -sf "$URL/movies?q=Bench%20movie&pageSize=1" | jq .total) added movies"
run "$ADDED added movies"
echo "load after: $(uptime | sed 's/.*load average/load average/')"

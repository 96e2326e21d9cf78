#!/usr/bin/env bash
# Serving at scale (issue 24): for each model bundle given, STARTS (3) starts of the Release API (process start → first 200 from
# /health, RSS after a WARMUP_SECONDS (20) wrk warm-up: the item–item and fold-in prior fits run in the background after /health
# answers, for ≈ 20 s at 1M movies on a busy VM, and requests meanwhile are slower) and RUNS (3) one-connection wrk runs of
# WRK_SECONDS (10) of GET /recommend for trained users
# 1..6040 cycling, plain and with &genres=Comedy,Drama / &genres=Action,Thriller&match=all alternating; `uptime` load before each.
# Loopback only. The large bundles are synthetic, for cost only: bench/SyntheticCatalogue (docs/BENCHMARKS.md, "Serving at scale").
#   dotnet run --project bench/SyntheticCatalogue -c Release -- write --from model --movies 87585 --out /tmp/model-87k
#   BENCH_PORT=<free port> bash bench/scale-serving.sh model /tmp/model-87k /tmp/model-1m
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:?set BENCH_PORT to a free port}
STARTS=${STARTS:-3}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${WRK_SECONDS:-10}
WARMUP=${WARMUP_SECONDS:-20}
URL=http://127.0.0.1:$PORT
API_DIR=src/HybridRecommender.Api/bin/Release/net10.0
lscpu | grep -E "Model name|^CPU\(s\)"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load() { uptime | sed 's/.*load average/load average/'; }
API=""
stop() { if [ -n "$API" ]; then kill "$API" 2>/dev/null || true; wait "$API" 2>/dev/null || true; API=""; fi; }
WORK=$(mktemp -d)
trap 'stop; rm -rf "$WORK"' EXIT
start() { # $1 model folder; sets API and START_MS
  local t0; t0=$(date +%s%N)
  (cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Model__Path="$1" \
     Feedback__Folder="$WORK/feedback" dotnet HybridRecommender.Api.dll --urls "$URL") >"$WORK/api.log" 2>&1 &
  API=$!
  until curl -sf -o /dev/null "$URL/health"; do
    kill -0 "$API" 2>/dev/null || { echo "API exited:"; cat "$WORK/api.log"; exit 1; }
    sleep 0.05
  done
  START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
wrk_p50() { # env assignments; prints the BENCHSTATS line
  env "$@" RECOMMEND_THREADS=1 wrk -t1 -c1 -d"${SECONDS_PER_RUN}"s --latency -s bench/recommend.lua "$URL" | grep BENCHSTATS
}
for model in "$@"; do
  model=$(cd "$model" && pwd)
  echo "== $model: $(jq -r '.architecture.movies' "$model/card.json") movies"
  starts=(); rss=()
  for s in $(seq 1 "$STARTS"); do
    echo "load before start $s: $(load)"
    start "$model"
    RECOMMEND_THREADS=1 wrk -t1 -c1 -d"${WARMUP}"s -s bench/recommend.lua "$URL" >/dev/null 2>&1
    r=$(awk '$1=="VmRSS:" {print $2}' "/proc/$API/status")
    echo "start $s: ${START_MS} ms to /health; RSS after warm-up $((r / 1024)) MB"
    starts+=("$START_MS"); rss+=("$((r / 1024))")
    if [ "$s" -lt "$STARTS" ]; then stop; fi
  done
  echo "start: median $(printf '%s\n' "${starts[@]}" | median) ms; RSS median $(printf '%s\n' "${rss[@]}" | median) MB"
  for variant in plain genres; do
    p50s=()
    for r in $(seq 1 "$RUNS"); do
      echo "load before $variant run $r: $(load)"
      if [ "$variant" = plain ]; then line=$(wrk_p50 RECOMMEND_GENRES=0); else line=$(wrk_p50 RECOMMEND_GENRES=1); fi
      echo "$variant run $r: $line"
      p50s+=("$(echo "$line" | sed -n 's/.* p50_ms=\([^ ]*\).*/\1/p')")
    done
    echo "$variant: median p50 $(printf '%s\n' "${p50s[@]}" | median) ms"
  done
  grep -h "Ranking:" "$WORK/api.log" || true
  stop
done
echo "load after: $(load)"

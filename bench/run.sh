#!/usr/bin/env bash
# Reruns HybridRecommender's benchmarks and prints a summary. Not part of `dotnet test`.
#
#   bench/run.sh                 everything: build, bdn, train, startup, wrk
#   bench/run.sh wrk startup     only some parts (build runs first unless BENCH_NO_BUILD=1)
#
# Parts
#   build    dotnet build -c Release HybridRecommender.sln
#   bdn      BenchmarkDotNet suite (bench/HybridRecommender.Benchmarks): scoring, recommend, fold-in, explanations, EASE inverse, data load
#   train    BENCH_TRAIN_RUNS (3) default training runs of the Release CLI into a temp folder (never model/ or assets/)
#   startup  BENCH_STARTS (5) starts of the Release API dll: process start → first 200 from /health
#   wrk      wrk matrix against the Release API on 127.0.0.1: {no filter, genre filters, diversity=0.5} × {1, 16, 64} connections,
#            BENCH_WRK_RUNS (3) runs of BENCH_WRK_SECONDS (10) each after a warm-up; RSS sampled during and after
#
# Environment
#   ML1M_DIR           MovieLens 1M folder (default: ../shared/ml-1m, else ./ml-1m, when they hold ratings.dat)
#   BENCH_PORT         API port on 127.0.0.1 (default 5080; must be free)
#   BENCH_OUT          raw outputs (default artifacts/bench, git-ignored)
#   BENCH_BDN_FILTER   BenchmarkDotNet --filter (default '*')
#
# Raw outputs go to $BENCH_OUT/<part>/; each part writes $BENCH_OUT/<part>.summary.txt; the summary of every
# part run is printed at the end and kept in $BENCH_OUT/summary.txt. Medians are of the runs made here.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

OUT=${BENCH_OUT:-$ROOT/artifacts/bench}
PORT=${BENCH_PORT:-5080}
TRAIN_RUNS=${BENCH_TRAIN_RUNS:-3}
STARTS=${BENCH_STARTS:-5}
WRK_RUNS=${BENCH_WRK_RUNS:-3}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
BDN_FILTER=${BENCH_BDN_FILTER:-*}
API_DIR=$ROOT/src/HybridRecommender.Api/bin/Release/net10.0
API_DLL=$API_DIR/HybridRecommender.Api.dll
TRAIN_DLL=$ROOT/training/bin/Release/net10.0/HybridRecommender.Training.dll
BDN_DLL=$ROOT/bench/HybridRecommender.Benchmarks/bin/Release/net10.0/HybridRecommender.Benchmarks.dll
mkdir -p "$OUT"

if [ -z "${ML1M_DIR:-}" ]; then
  for d in ../shared/ml-1m ml-1m; do
    if [ -f "$d/ratings.dat" ]; then ML1M_DIR=$(cd "$d" && pwd); break; fi
  done
fi
export ML1M_DIR=${ML1M_DIR:-}

# ---------------------------------------------------------------- helpers
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# median of numbers on stdin (one per line)
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.6g\n", (a[NR/2]+a[NR/2+1])/2}}'; }

# key=value field from a BENCHSTATS line
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

load_line() { echo "load before: $(uptime | sed 's/.*load average/load average/') (nproc $(nproc))"; }

header() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "commit $commit$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), .NET $(dotnet --version)"
}

now_ns() { date +%s%N; }

API_PID=""
START_MS=""
stop_api() {
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  API_PID=""
}
trap stop_api EXIT

port_free() { ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" ; }

# Starts the Release API dll on 127.0.0.1:$PORT (Production, console logging at Warning); sets API_PID
# and START_MS (milliseconds from process start to the first 200 from /health). Not for $(…): the
# pid must stay in this shell. Run from the build folder so the
# content root holds appsettings.json; model/ is then found at the repository root (RepositoryPath).
start_api() {
  local logfile=$1 t0 t1 code
  port_free || { echo "port $PORT is in use; set BENCH_PORT" >&2; return 1; }
  t0=$(now_ns)
  (cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      dotnet HybridRecommender.Api.dll --urls "http://127.0.0.1:$PORT") >"$logfile" 2>&1 &
  API_PID=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/health" || true)
    [ "$code" = 200 ] && break
    if ! kill -0 "$API_PID" 2>/dev/null; then echo "API exited; see $logfile" >&2; return 1; fi
    if [ $(( ($(now_ns) - t0) / 1000000 )) -gt 60000 ]; then echo "API not ready after 60 s; see $logfile" >&2; return 1; fi
  done
  t1=$(now_ns)
  START_MS=$(( (t1 - t0) / 1000000 ))
}

rss_kb() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- parts
part_build() {
  log "build: dotnet build -c Release HybridRecommender.sln"
  dotnet build -c Release --disable-build-servers HybridRecommender.sln -nologo -v q >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; return 1; }
  { header; echo "dotnet build -c Release HybridRecommender.sln: OK"; } >"$OUT/build.summary.txt"
}

part_bdn() {
  local dir=$OUT/bdn
  rm -rf "$dir"; mkdir -p "$dir"
  [ -n "$ML1M_DIR" ] || log "bdn: ML1M_DIR not set: no data-load benchmark, synthetic training batches"
  local before; before=$(load_line)
  log "bdn: dotnet $BDN_DLL --filter '$BDN_FILTER' --artifacts $dir  ($before)"
  (cd "$ROOT" && dotnet "$BDN_DLL" --filter "$BDN_FILTER" --artifacts "$dir") >"$dir/console.log" 2>&1
  {
    header; echo "$before; after: $(uptime | sed 's/.*load average/load average/')"
    echo "command: ML1M_DIR=$ML1M_DIR dotnet $BDN_DLL --filter '$BDN_FILTER' --artifacts $dir"
    grep -m1 'training-step data' "$dir/console.log" || true
    # the joined summary table, Markdown
    cat "$dir"/results/*-report-github.md 2>/dev/null | grep -E "^\|" | sed "s/\*\*//g" || grep -E "^\|" "$dir/console.log"
  } >"$OUT/bdn.summary.txt"
}

part_train() {
  local dir=$OUT/train
  rm -rf "$dir"; mkdir -p "$dir"
  [ -n "$ML1M_DIR" ] || { echo "train: set ML1M_DIR to the MovieLens 1M folder" >&2; return 1; }
  local scratch; scratch=$(mktemp -d)
  local before; before=$(load_line)
  for i in $(seq 1 "$TRAIN_RUNS"); do
    log "train run $i/$TRAIN_RUNS: dotnet $TRAIN_DLL --data $ML1M_DIR --out $scratch/model --plots $scratch/plots"
    local t0 t1; t0=$(now_ns)
    local timer=(); [ -x /usr/bin/time ] && timer=(/usr/bin/time -v -o "$dir/run-$i.time")
    (cd "$scratch" && "${timer[@]}" dotnet "$TRAIN_DLL" --data "$ML1M_DIR" --out "$scratch/model" --plots "$scratch/plots") >"$dir/run-$i.log" 2>&1
    t1=$(now_ns)
    echo "wall_s=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.2f", n/1e9}')" >>"$dir/run-$i.log"
  done
  rm -rf "$scratch"
  {
    header; echo "$before; after: $(uptime | sed 's/.*load average/load average/')"
    echo "command ($TRAIN_RUNS runs): dotnet training/bin/Release/net10.0/HybridRecommender.Training.dll --data \$ML1M_DIR --out <tmp>/model --plots <tmp>/plots"
    grep -h -m1 '^model: dim' "$dir/run-1.log"
    for i in $(seq 1 "$TRAIN_RUNS"); do
      f=$dir/run-$i.log
      echo "run $i: load $(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$f" | head -1) s; $(sed -n 's/^best epoch \(.*\)$/best epoch \1/p' "$f"); epochs $(grep -c '^epoch ' "$f"); wall $(sed -n 's/^wall_s=//p' "$f") s; peak RSS $(awk '/Maximum resident/ {printf "%.0f MB", $NF/1024}' "$dir/run-$i.time" 2>/dev/null)"
    done
    echo "median data load (CLI): $(cat "$dir"/run-*.log | sed -n 's/^loaded .* in \([0-9.]*\) s$/\1/p' | median) s"
    echo "median of the runs' median epoch (CLI): $(cat "$dir"/run-*.log | sed -n 's/.*median epoch \([0-9.]*\) s$/\1/p' | median) s"
    echo "median epoch over all epochs of all runs: $(grep -h '^epoch ' "$dir"/run-*.log | sed -n 's/.*|  *\([0-9.]*\) s .*/\1/p' | median) s"
    echo "median ratings/s over all epochs (training pass only): $(grep -h '^epoch ' "$dir"/run-*.log | sed -n 's/.* \([0-9]*\)k ratings\/s.*/\1/p' | median)k"
    echo "median training time (CLI 'training … s'): $(cat "$dir"/run-*.log | sed -n 's/.*; training \([0-9.]*\) s,.*/\1/p' | median) s"
    echo "median CLI total (CLI 'total … s'): $(cat "$dir"/run-*.log | sed -n 's/^total \([0-9.]*\) s$/\1/p' | median) s"
    echo "median wall time (process start to exit): $(cat "$dir"/run-*.log | sed -n 's/^wall_s=//p' | median) s"
  } >"$OUT/train.summary.txt"
}

part_startup() {
  local dir=$OUT/startup
  rm -rf "$dir"; mkdir -p "$dir"
  local before; before=$(load_line)
  : >"$dir/ms.txt"
  for i in $(seq 1 "$STARTS"); do
    start_api "$dir/api-$i.log"
    local ms=$START_MS
    echo "$ms" >>"$dir/ms.txt"
    echo "start $i: ${ms} ms, RSS $(( $(rss_kb "$API_PID" VmRSS) / 1024 )) MB" >>"$dir/starts.txt"
    log "startup $i/$STARTS: $ms ms"
    stop_api
  done
  # `dotnet run` (includes the SDK's up-to-date check; the build is already done) for comparison
  : >"$dir/dotnet-run-ms.txt"
  for i in 1 2 3; do
    port_free || return 1
    local t0 code; t0=$(now_ns)
    (cd "$ROOT" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
        dotnet run -c Release --disable-build-servers --project src/HybridRecommender.Api --no-launch-profile --urls "http://127.0.0.1:$PORT") >"$dir/dotnet-run-$i.log" 2>&1 &
    API_PID=$!
    while :; do
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/health" || true)
      [ "$code" = 200 ] && break
      kill -0 "$API_PID" 2>/dev/null || { echo "dotnet run exited" >&2; return 1; }
    done
    echo $(( ($(now_ns) - t0) / 1000000 )) >>"$dir/dotnet-run-ms.txt"
    # dotnet run's child is the API: stop it by its pid, then dotnet run itself
    for child in $(ps -o pid= --ppid "$API_PID"); do kill "$child" 2>/dev/null || true; done
    stop_api
    sleep 1
  done
  {
    header; echo "$before"
    echo "command: cd src/HybridRecommender.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet HybridRecommender.Api.dll --urls http://127.0.0.1:$PORT ; poll curl /health until 200"
    echo "starts (ms): $(tr '\n' ' ' <"$dir/ms.txt")"
    echo "median start-up to first 200 (Release dll, $STARTS starts): $(median <"$dir/ms.txt") ms   (target ≤ 1500 ms)"
    echo "dotnet run -c Release --project src/HybridRecommender.Api (already built; 3 starts, ms): $(tr '\n' ' ' <"$dir/dotnet-run-ms.txt"); median $(median <"$dir/dotnet-run-ms.txt") ms"
    cat "$dir/starts.txt"
  } >"$OUT/startup.summary.txt"
}

part_wrk() {
  command -v wrk >/dev/null || { log "installing wrk (apt-get)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  local dir=$OUT/wrk
  rm -rf "$dir"; mkdir -p "$dir"
  local before; before=$(load_line)
  start_api "$dir/api.log"
  local ms=$START_MS
  local pid=$API_PID
  local idle_rss=$(( $(rss_kb "$pid" VmRSS) / 1024 ))
  log "wrk: API up in $ms ms (pid $pid, RSS $idle_rss MB); warming up"
  local url=http://127.0.0.1:$PORT
  RECOMMEND_THREADS=2 wrk -t2 -c16 -d5s -s bench/recommend.lua "$url" >"$dir/warmup.txt" 2>&1
  RECOMMEND_GENRES=1 RECOMMEND_THREADS=2 wrk -t2 -c16 -d5s -s bench/recommend.lua "$url" >>"$dir/warmup.txt" 2>&1
  : >"$dir/stats.txt"
  for variant in plain genres diverse; do
    local g=0; [ "$variant" = genres ] && g=1
    local extra=""; [ "$variant" = diverse ] && extra="&diversity=0.5"
    for c in 1 16 64; do
      local t=2; [ "$c" = 1 ] && t=1   # wrk needs connections ≥ threads
      for run in $(seq 1 "$WRK_RUNS"); do
        local f=$dir/$variant-c$c-run$run.txt
        RECOMMEND_EXTRA=$extra RECOMMEND_GENRES=$g RECOMMEND_THREADS=$t wrk -t$t -c$c -d${WRK_SECONDS}s --latency -s bench/recommend.lua "$url" >"$f" 2>&1 &
        local wpid=$!
        sleep $(( WRK_SECONDS / 2 ))
        local mid_rss=$(( $(rss_kb "$pid" VmRSS) / 1024 ))
        wait "$wpid"
        local line; line=$(grep BENCHSTATS "$f")
        echo "$variant c=$c t=$t run=$run $line rss_mid_mb=$mid_rss" >>"$dir/stats.txt"
        log "wrk $variant c$c run $run: $(echo "$line" | field rps) req/s, p50 $(echo "$line" | field p50_ms) ms, p99 $(echo "$line" | field p99_ms) ms, RSS $mid_rss MB"
      done
    done
  done
  local hwm=$(( $(rss_kb "$pid" VmHWM) / 1024 )) after_rss=$(( $(rss_kb "$pid" VmRSS) / 1024 ))
  stop_api
  {
    header; echo "$before; after: $(uptime | sed 's/.*load average/load average/')"
    echo "server: cd src/HybridRecommender.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet HybridRecommender.Api.dll --urls $url"
    echo "client: [RECOMMEND_GENRES=1 | RECOMMEND_EXTRA='&diversity=0.5'] RECOMMEND_THREADS=T wrk -tT -cC -d${WRK_SECONDS}s --latency -s bench/recommend.lua $url   (T=1 for C=1, else 2); $WRK_RUNS runs each, after a 2×5 s warm-up"
    echo "wrk and the API share the machine's $(nproc) cores."
    printf '%-8s %5s %12s %10s %10s %9s %12s\n' variant conns "req/s (med)" "p50 ms" "p99 ms" "non-200" "RSS mid MB"
    for variant in plain genres diverse; do
      for c in 1 16 64; do
        local rows; rows=$(grep "^$variant c=$c " "$dir/stats.txt")
        printf '%-8s %5s %12s %10s %10s %9s %12s\n' "$variant" "$c" \
          "$(echo "$rows" | field rps | median)" "$(echo "$rows" | field p50_ms | median)" "$(echo "$rows" | field p99_ms | median)" \
          "$(echo "$rows" | field non200 | awk '{s+=$1} END {print s+0}')" "$(echo "$rows" | field rss_mid_mb | median)"
      done
    done
    echo "runs (req/s | p50 | p99):"
    awk '{printf "  %s %s %s  ", $1, $2, $4; for (i=5;i<=NF;i++) if ($i ~ /^(rps|p50_ms|p99_ms)=/) printf "%s ", $i; print ""}' "$dir/stats.txt"
    echo "memory: RSS $idle_rss MB after start-up, median $(field rss_mid_mb <"$dir/stats.txt" | median) MB during runs, $after_rss MB after; peak (VmHWM) $hwm MB"
  } >"$OUT/wrk.summary.txt"
}

# ---------------------------------------------------------------- main
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(bdn train startup wrk)
if [ "${BENCH_NO_BUILD:-0}" != 1 ] && [[ " ${parts[*]} " != *" build "* ]]; then parts=(build "${parts[@]}"); fi
for p in "${parts[@]}"; do
  case $p in
    build|bdn|train|startup|wrk) "part_$p" ;;
    *) echo "unknown part '$p' (build, bdn, train, startup, wrk)" >&2; exit 2 ;;
  esac
done

{
  for p in "${parts[@]}"; do
    [ -f "$OUT/$p.summary.txt" ] || continue
    echo "===== $p ====="
    cat "$OUT/$p.summary.txt"
    echo
  done
} | tee "$OUT/summary.txt"
echo "raw outputs: $OUT"

#!/usr/bin/env bash
# Training cost at scale, in one run: epoch time, whole-run time and peak memory of a default training run on
#   ml1m   real MovieLens 1M ($ML1M_DIR)
#   10m    synthetic data of the MovieLens-10M shape (69,878 users, 10,681 movies, 10,000,054 ratings)
#   32m    synthetic data of the MovieLens-32M shape (200,948 users, 87,585 movies, 32,000,204 ratings)
# The synthetic sets are written by bench/SyntheticMovieLens (seed 1) into $BENCH_SCALE_DATA when missing. They are
# for COST AND MEMORY ONLY: the script prints no quality figure for them.
#
#   bench/scale.sh                 all three sets (the 32M run takes a long time on 2 cores)
#   bench/scale.sh ml1m 10m        some of them
#   bench/scale.sh steps           only the per-batch cost of the exact and the sampled objective at the three shapes
#                                  (bench/TrainingStepCost, random batches, no data: BENCH_STEP_BATCHES (40) steps, 1 thread)
#
# After training, each set's bundle is served by the Release API and /recommend is timed at one connection with wrk
# (bench/scale-serving.sh: start time, RSS, median p50 of WRK_RUNS runs) — skipped when BENCH_PORT is not set or wrk is missing.
#
# Environment
#   ML1M_DIR            MovieLens 1M folder (default ../shared/ml-1m, else ./ml-1m)
#   BENCH_SCALE_DATA    where the synthetic sets live (default artifacts/scale-data, git-ignored)
#   BENCH_OUT           raw outputs (default artifacts/bench); summary in $BENCH_OUT/scale.summary.txt
#   BENCH_THREADS       --threads of training (default: nproc)
#   BENCH_NO_BUILD=1    skip the Release build
#   BENCH_TRAIN_ARGS    extra training options (e.g. "--epochs 1"); default none: the default run
#   BENCH_PORT          a free loopback port for the serving step (unset: no /recommend figures)
#   WRK_RUNS            wrk runs per set (default 3); WRK_SECONDS each (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/artifacts/bench}/scale
DATA=${BENCH_SCALE_DATA:-$ROOT/artifacts/scale-data}
THREADS=${BENCH_THREADS:-$(nproc)}
TRAIN_DLL=$ROOT/training/bin/Release/net10.0/HybridRecommender.Training.dll
GEN_DLL=$ROOT/bench/SyntheticMovieLens/bin/Release/net10.0/SyntheticMovieLens.dll
mkdir -p "$OUT" "$DATA"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time) for peak memory" >&2; exit 1; }

if [ -z "${ML1M_DIR:-}" ]; then
  for d in ../shared/ml-1m ml-1m; do
    if [ -f "$d/ratings.dat" ]; then ML1M_DIR=$(cd "$d" && pwd); break; fi
  done
fi

log() { echo "[scale $(date +%H:%M:%S)] $*" >&2; }
load_avg() { uptime | sed 's/.*load average: //'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.6g\n", (a[NR/2]+a[NR/2+1])/2}}'; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  log "build: dotnet build -c Release HybridRecommender.sln"
  dotnet build -c Release --disable-build-servers HybridRecommender.sln -nologo -v q >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi

synthetic() { # name users movies ratings
  local dir=$DATA/$1
  if [ ! -f "$dir/ratings.csv" ]; then
    log "writing synthetic $1: dotnet $GEN_DLL --users $2 --movies $3 --ratings $4 --seed 1 --out $dir"
    dotnet "$GEN_DLL" --users "$2" --movies "$3" --ratings "$4" --seed 1 --out "$dir" >"$OUT/generate-$1.log"
  fi
  echo "$dir"
}

if [ "${1:-}" = steps ]; then
  STEP_DLL=$ROOT/bench/TrainingStepCost/bin/Release/net10.0/TrainingStepCost.dll
  {
    echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "command: dotnet bench/TrainingStepCost/bin/Release/net10.0/TrainingStepCost.dll USERS MOVIES ${BENCH_STEP_BATCHES:-40} OBJECTIVE 1"
    for shape in "6040 3883 ml1m 855237" "69878 10681 10m 8550046" "200948 87585 32m 27360174"; do
      set -- $shape
      for objective in sampled exact; do
        batches=${BENCH_STEP_BATCHES:-40}
        # The exact step at the 32M shape takes seconds per batch: fewer of them.
        [ "$objective/$3" = exact/32m ] && batches=$(( (batches + 3) / 4 ))
        line=$(dotnet "$STEP_DLL" "$1" "$2" "$batches" "$objective" 1 | tail -1)
        cpu=$(echo "$line" | sed -n 's/.*cpu \([0-9.]*\) ms\/batch.*/\1/p')
        echo "$3 $objective: $line; × $(( ($4 + 4095) / 4096 )) batches of an epoch (train ratings $4) ≈ $(awk -v c="$cpu" -v b=$(( ($4 + 4095) / 4096 )) 'BEGIN{printf "%.0f", c*b/1000}') CPU s per epoch's training pass"
      done
    done
  } | tee "$OUT/../scale-steps.summary.txt"
  exit 0
fi

sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(ml1m 10m 32m)
: >"$OUT/rows.tsv"
for s in "${sets[@]}"; do
  case $s in
    ml1m) [ -n "${ML1M_DIR:-}" ] || { echo "set ML1M_DIR" >&2; exit 1; }; dir=$ML1M_DIR ;;
    10m) dir=$(synthetic syn10m 69878 10681 10000054) ;;
    32m) dir=$(synthetic syn32m 200948 87585 32000204) ;;
    *) echo "unknown set '$s' (ml1m, 10m, 32m)" >&2; exit 2 ;;
  esac
  scratch=$(mktemp -d)
  before=$(load_avg)
  # shellcheck disable=SC2086
  model=$OUT/models/$s
  rm -rf "$model"
  cmd=(dotnet "$TRAIN_DLL" --data "$dir" --out "$model" --plots "$scratch/plots" --threads "$THREADS" ${BENCH_TRAIN_ARGS:-})
  log "$s: ${cmd[*]}  (load average $before)"
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$OUT/$s.time" "${cmd[@]}" >"$OUT/$s.log" 2>&1 || { log "$s: training failed, see $OUT/$s.log"; tail -5 "$OUT/$s.log" >&2; }
  wall=$(awk -v n=$(( $(date +%s%N) - t0 )) 'BEGIN{printf "%.1f", n/1e9}')
  after=$(load_avg)
  rm -rf "$scratch"
  f=$OUT/$s.log
  # Serving the bundle just trained: start time, RSS and /recommend p50 at one connection.
  start_ms=n/a; rss_mb=n/a; p50=n/a
  if [ -n "${BENCH_PORT:-}" ] && command -v wrk >/dev/null && [ -f "$model/card.json" ]; then
    log "$s: serving $model (bench/scale-serving.sh, STARTS=1 RUNS=${WRK_RUNS:-3})"
    BENCH_PORT=$BENCH_PORT STARTS=1 RUNS=${WRK_RUNS:-3} WRK_SECONDS=${WRK_SECONDS:-10} bash bench/scale-serving.sh "$model" >"$OUT/$s.serving.log" 2>&1 \
      || log "$s: serving failed, see $OUT/$s.serving.log"
    start_ms=$(sed -n 's/^start: median \([0-9]*\) ms.*/\1/p' "$OUT/$s.serving.log")
    rss_mb=$(sed -n 's/^start: median .*RSS median \([0-9]*\) MB.*/\1/p' "$OUT/$s.serving.log")
    p50=$(sed -n 's/^plain: median p50 \([0-9.]*\) ms.*/\1/p' "$OUT/$s.serving.log")
  fi
  epochs=$(grep -c '^epoch ' "$f" || true)
  epoch_med=$(grep '^epoch ' "$f" | sed -n 's/.*|  *\([0-9.]*\) s .*/\1/p' | median)
  epoch_max=$(grep '^epoch ' "$f" | sed -n 's/.*|  *\([0-9.]*\) s .*/\1/p' | sort -g | tail -1)
  rate=$(grep '^epoch ' "$f" | sed -n 's/.* \([0-9]*\)k ratings\/s.*/\1/p' | median)
  cpu=$(grep '^epoch ' "$f" | sed -n 's/.*cpu  *\([0-9.]*\) s.*/\1/p' | median)
  cpu_total=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.0f", u+s}' "$OUT/$s.time")
  peak=$(awk '/Maximum resident/ {printf "%.2f", $NF/1024/1024}' "$OUT/$s.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" \
    "$(sed -n 's/^loaded \([0-9,]*\) ratings, \([0-9,]*\) users, \([0-9,]*\) movies.*/\1 ratings, \2 users, \3 movies/p' "$f")" \
    "$(sed -n 's/^objective: \([a-z]*\).*/\1/p' "$f")" \
    "$(sed -n 's/^loaded .* in \([0-9.]*\) s$/\1/p' "$f")" "$epochs" "$epoch_med" "$epoch_max" "$cpu" "${rate}k" \
    "$(sed -n 's/.*; training \([0-9.]*\) s,.*/\1/p' "$f")" "$wall" "$cpu_total" "$peak" "$start_ms" "$rss_mb" "$p50" "$before → $after" >>"$OUT/rows.tsv"
  log "$s: $epochs epochs, median epoch $epoch_med s, wall $wall s, peak RSS $peak GiB"
done

{
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB; .NET $(dotnet --version); training --threads $THREADS ${BENCH_TRAIN_ARGS:-}"
  echo "command per set: /usr/bin/time -v dotnet training/bin/Release/net10.0/HybridRecommender.Training.dll --data DIR --out <tmp> --threads $THREADS ${BENCH_TRAIN_ARGS:-}"
  echo "synthetic sets: bench/SyntheticMovieLens --seed 1 (for cost and memory only); start ms / RSS MB / p50 ms: the trained bundle served by the Release API, /recommend at one connection (bench/scale-serving.sh; median of ${WRK_RUNS:-3} wrk runs)"
  echo "epoch med/max = wall seconds of an epoch, validation included; epoch cpu = the process's CPU seconds per epoch (median; all threads); cpu s = user + sys of the whole run"
  printf '%-5s | %-52s | %-9s | %6s | %6s | %9s | %9s | %9s | %9s | %10s | %8s | %8s | %7s | %8s | %7s | %8s | %s\n' set data objective "load s" epochs "epoch med" "epoch max" "epoch cpu" ratings/s "training s" "wall s" "cpu s" "peak GiB" "start ms" "RSS MB" "p50 ms" "load average before → after (1, 5, 15 min)"
  while IFS=$'\t' read -r a b c d e f g h i j k l m n o p q; do
    printf '%-5s | %-52s | %-9s | %6s | %6s | %9s | %9s | %9s | %9s | %10s | %8s | %8s | %7s | %8s | %7s | %8s | %s\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h" "$i" "$j" "$k" "$l" "$m" "$n" "$o" "$p" "$q"
  done <"$OUT/rows.tsv"
  echo "bars (ML-32M shape): one epoch ≤ 180 s, peak memory ≤ 8 GB, whole default run ≤ 1,200 s; /recommend p50 ≤ 2 ms at 87,585 movies; API start ≤ 10 s"
} | tee "$OUT/../scale.summary.txt"
echo "raw outputs: $OUT"

#!/usr/bin/env bash
# The continuous-training loop on real MovieLens 1M, one machine (docs/CONTINUOUS_TRAINING.md):
#   1. two API replicas on one SQLite feedback database, serving the committed model/;
#   2. `retrain` once with a tiny recipe (1 epoch, no relevance head): stored as a version, refused by the quality gate;
#   3. wrk on /recommend through `models promote` of that version, then through `models rollback` (non-2xx and p99 from wrk);
#   4. kill -9 a worker mid-training, then another mid-publish: the current version is unchanged, and the next run succeeds.
# Usage: ML1M_DIR=/work/shared/ml-1m bench/continuous-training.sh   (needs wrk; builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ML1M_DIR:?set ML1M_DIR to the MovieLens 1M folder}"
export ML1M_DIR
dotnet build HybridRecommender.sln -c Release -v q -nologo >/dev/null
API=src/HybridRecommender.Api/bin/Release/net10.0/HybridRecommender.Api.dll
TRAIN=training/bin/Release/net10.0/HybridRecommender.Training.dll
WORK=$(mktemp -d /tmp/hr-ct-bench.XXXXXX)
DB=$WORK/feedback.db
RECIPE=(--epochs 1 --relevance-weight 0 --threads 2)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
version_of() { curl -s "http://127.0.0.1:$1/health" | python3 -c 'import json,sys;print(json.load(sys.stdin).get("modelVersion","model/"))'; }
current() { dotnet "$TRAIN" models list --feedback "$DB" | head -1; }

echo "== $(lscpu | grep 'Model name' | sed 's/ \+/ /g'), $(nproc) cores; work folder $WORK"
A=$(free_port); B=$(free_port)
for p in "$A:a" "$B:b"; do
  port=${p%%:*}; name=${p##*:}
  dotnet "$API" --urls "http://127.0.0.1:$port" --contentRoot "$PWD" --Model:Path="$PWD/model" --Feedback:Folder="$WORK" \
    --Model:VersionCache="$WORK/cache-$name" >"$WORK/api-$name.log" 2>&1 &
  PIDS+=($!)
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do sleep 1; done
  until curl -sf "http://127.0.0.1:$port/recommend?user=1" >/dev/null; do sleep 1; done # the item–item fit, before measuring
done
echo "== replicas on :$A and :$B serve $(version_of "$A") / $(version_of "$B")"

echo "== retrain once (${RECIPE[*]})"
start=$(date +%s)
dotnet "$TRAIN" retrain --feedback "$DB" "${RECIPE[@]}" | grep '^tick:' | tee "$WORK/retrain.log"
echo "   $(( $(date +%s) - start )) s"
V=$(dotnet "$TRAIN" models list --feedback "$DB" | grep -o '^. v[0-9]*' | head -1 | grep -o '[0-9]*')

run_wrk() { # $1: label, $2: the command run 10 s into a 30 s wrk
  ( sleep 10; t0=$(date +%s.%N); eval "$2" >/dev/null
    for port in "$A" "$B"; do
      until [ "$(version_of "$port")" = "$3" ]; do sleep 0.2; done
      echo "   :$port serves $3 $(python3 -c "print(round($(date +%s.%N)-$t0,1))") s after the command"
    done ) &
  local watcher=$!
  wrk -t1 -c4 -d30s --latency "http://127.0.0.1:$A/recommend?user=1" >"$WORK/wrk-$1.txt"
  wait $watcher
  echo "== wrk through $1: $(grep -E 'Requests/sec' "$WORK/wrk-$1.txt"); p50 $(awk '/50%/{print $2}' "$WORK/wrk-$1.txt"), p99 $(awk '/99%/{print $2}' "$WORK/wrk-$1.txt"); non-2xx: $(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' "$WORK/wrk-$1.txt" || echo 0)"
}
run_wrk "promotion of v$V" "dotnet $TRAIN models promote $V --feedback $DB" "$V"
run_wrk "rollback" "dotnet $TRAIN models rollback --feedback $DB" "model/"

kill_at() { # $1: the log line to kill the worker at
  dotnet "$TRAIN" worker --feedback "$DB" --every 1h --lease-seconds 10 "${RECIPE[@]}" --rmse-tolerance 10 --ndcg-tolerance 1 >"$WORK/worker.log" 2>&1 &
  local w=$!
  until grep -q "$1" "$WORK/worker.log"; do sleep 0.05; done
  kill -9 $w; wait $w 2>/dev/null || true
  echo "== kill -9 at '$1': $(current); replicas serve $(version_of "$A") / $(version_of "$B")"
}
before=$(current)
kill_at "tick: training"
kill_at "tick: publishing"
after=$(current)
if [ "$before" = "$after" ]; then
  echo "== both kills left the current version unchanged"
else
  # Publishing is one transaction: a kill lands before it (nothing changes) or after it (a whole new version is current).
  echo "== the kill at 'publishing' landed after the publish committed: $before → $after"
  sleep 5
  echo "   that version is whole: replicas serve $(version_of "$A") / $(version_of "$B")"
fi
sleep 11 # the killed worker's lease runs out
echo "== next run (gate opened wide, to see it promote)"
dotnet "$TRAIN" retrain --feedback "$DB" "${RECIPE[@]}" --rmse-tolerance 10 --ndcg-tolerance 1 | grep '^tick:'
sleep 5
echo "== $(current); replicas serve $(version_of "$A") / $(version_of "$B")"
dotnet "$TRAIN" models list --feedback "$DB"

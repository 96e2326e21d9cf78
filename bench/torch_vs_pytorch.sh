#!/usr/bin/env bash
# Times one training epoch of HybridRecommender's TorchSharp network and of the same network in Debian's
# PyTorch (python3-torch, bench/pytorch_epoch.py) on the same machine, architecture, batch size and threads,
# one after the other in one run, and prints the ratio of the medians. Not part of `dotnet test`.
#
#   bench/torch_vs_pytorch.sh            EPOCHS (3) epochs each, default architecture, batch size and relevance head
#   BATCH=1024 bench/torch_vs_pytorch.sh
#   RELEVANCE=0 bench/torch_vs_pytorch.sh   the rating head alone (no relevance head) on both sides
#   ABSOLUTE_ERROR_WEIGHT=0 bench/torch_vs_pytorch.sh   squared error alone (no γ|r̂ − r| term) on both sides
#
# Needs: ML1M_DIR (or ../shared/ml-1m or ./ml-1m), `apt-get install python3-torch` (used as /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-$(nproc)}
if [ -z "${ML1M_DIR:-}" ]; then
  for d in ../shared/ml-1m ml-1m; do [ -f "$d/ratings.dat" ] && { ML1M_DIR=$(cd "$d" && pwd); break; }; done
fi
[ -f "${ML1M_DIR:-}/ratings.dat" ] || { echo "error: set ML1M_DIR to the MovieLens 1M folder" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "error: Debian's PyTorch is missing: apt-get install python3-torch" >&2; exit 2; }

dotnet build training -c Release -v q -nologo >/dev/null
HELP=$(dotnet training/bin/Release/net10.0/HybridRecommender.Training.dll --help)   # the CLI's defaults, read once
DEFAULT_BATCH=$(echo "$HELP" | sed -n 's/.*--batch-size.*\[default: \([0-9]*\)\].*/\1/p')
BATCH=${BATCH:-$DEFAULT_BATCH}
DEFAULT_RELEVANCE=$(echo "$HELP" | sed -n 's/.*--relevance-weight.*\[default: \([0-9.]*\)\].*/\1/p')
RELEVANCE=${RELEVANCE:-$DEFAULT_RELEVANCE}
DEFAULT_RELEVANCE_L2=$(echo "$HELP" | sed -n 's/.*--relevance-l2.*\[default: \([0-9.eE+-]*\)\].*/\1/p')
DEFAULT_ABSOLUTE_ERROR_WEIGHT=$(echo "$HELP" | sed -n 's/.*--absolute-error-weight.*\[default: \([0-9.eE+-]*\)\].*/\1/p')
ABSOLUTE_ERROR_WEIGHT=${ABSOLUTE_ERROR_WEIGHT:-$DEFAULT_ABSOLUTE_ERROR_WEIGHT}
DEFAULT_WEIGHT_DECAY=$(echo "$HELP" | sed -n 's/.*--weight-decay.*\[default: \([0-9.eE+-]*\)\].*/\1/p')
for v in BATCH RELEVANCE DEFAULT_RELEVANCE_L2 ABSOLUTE_ERROR_WEIGHT DEFAULT_WEIGHT_DECAY; do
  [ -n "${!v}" ] || { echo "error: could not read $v from the CLI's --help (has an option been renamed?)" >&2; exit 2; }
done
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
echo "TorchSharp: $EPOCHS epochs, batch $BATCH, $THREADS threads, relevance weight $RELEVANCE (λ_r $DEFAULT_RELEVANCE_L2), γ $ABSOLUTE_ERROR_WEIGHT, λ_e $DEFAULT_WEIGHT_DECAY"
dotnet training/bin/Release/net10.0/HybridRecommender.Training.dll --data "$ML1M_DIR" --epochs "$EPOCHS" --batch-size "$BATCH" \
  --threads "$THREADS" --relevance-weight "$RELEVANCE" --absolute-error-weight "$ABSOLUTE_ERROR_WEIGHT" --out "$OUT/model" --plots "$OUT/plots" | tee "$OUT/torchsharp.log" | grep '^epoch'
# The CLI's epoch time includes validation through RatingScorer; PyTorch's below is the training pass only.
TS=$(sed -n 's/^epoch .*| *\([0-9.]*\) s .*/\1/p' "$OUT/torchsharp.log" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'): $EPOCHS epochs, batch $BATCH, $THREADS threads, relevance weight $RELEVANCE"
/usr/bin/python3 bench/pytorch_epoch.py --data "$ML1M_DIR" --epochs "$EPOCHS" --batch-size "$BATCH" --threads "$THREADS" \
  --relevance-weight "$RELEVANCE" --relevance-l2 "$DEFAULT_RELEVANCE_L2" \
  --absolute-error-weight "$ABSOLUTE_ERROR_WEIGHT" --weight-decay "$DEFAULT_WEIGHT_DECAY" | tee "$OUT/pytorch.log"
PT=$(sed -n 's/^median \([0-9.]*\)/\1/p' "$OUT/pytorch.log")

echo "median epoch: TorchSharp ${TS} s, PyTorch ${PT} s → TorchSharp is $(awk -v a="$PT" -v b="$TS" 'BEGIN {printf "%.1f", a / b}')× faster"

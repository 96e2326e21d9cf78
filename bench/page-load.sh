#!/usr/bin/env bash
# Page-load time of the web page at / on loopback, with every request counted (bench/page-load.cjs).
# Starts the Release API on 127.0.0.1, loads / in Debian's Chromium (fresh context each run, so an empty
# cache), prints each run and the median. Not part of `dotnet test`.
#
#   bench/page-load.sh            build, then 1 warm-up + BENCH_PAGE_RUNS (10) measured runs
#
# Environment: BENCH_PORT (5081, must be free), BENCH_PAGE_RUNS (10), BENCH_NO_BUILD=1 to skip the build.
# Needs /usr/bin/chromium (apt-get install chromium) and the tests built (they bring Playwright's node driver).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${BENCH_PORT:-5081}
RUNS=${BENCH_PAGE_RUNS:-10}
PW=$ROOT/tests/bin/Release/net10.0/.playwright

[ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  dotnet build -c Release tests/HybridRecommender.Tests.csproj -v q -nologo >&2
fi
NODE=$(ls "$PW"/node/*/node | head -1)

FEEDBACK=$(mktemp -d)
ASPNETCORE_URLS=http://127.0.0.1:$PORT Feedback__Folder=$FEEDBACK \
  dotnet src/HybridRecommender.Api/bin/Release/net10.0/HybridRecommender.Api.dll >"$FEEDBACK/api.log" 2>&1 &
API=$!
trap 'kill $API 2>/dev/null; wait $API 2>/dev/null; rm -rf "$FEEDBACK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { echo "error: the API did not start:" >&2; cat "$FEEDBACK/api.log" >&2; exit 1; }

echo "commit $(git rev-parse --short HEAD); CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
PLAYWRIGHT_PACKAGE=$PW/package "$NODE" bench/page-load.cjs "http://127.0.0.1:$PORT/" "$RUNS"

#!/usr/bin/env bash
# After a failed test run: what vstest's blame collector and the runtime's crash reports recorded, so that a
# test host that died (a native crash prints nothing of its own) says which tests were running and where.
# $1: the folder DOTNET_DbgMiniDumpName points into.
set -uo pipefail
cd "$(dirname "$0")/.."
crash_folder="$1"
for sequence in tests/TestResults/*/Sequence_*.xml; do
  [ -e "$sequence" ] || continue
  echo "blame: tests started and not finished when the test host stopped ($sequence):"
  grep 'Completed="False"' "$sequence" | sed -E 's/.*DisplayName="([^"]*)".*/  \1/'
done
for report in "$crash_folder"/*.crashreport.json; do
  [ -e "$report" ] || continue
  echo "crash report $report: the crashed thread's frames"
  # Pretty-printed JSON: print the frames' names from the thread marked crashed up to the next thread.
  awk '/"crashed": "true"/ { on = 1; next } on && /"crashed":/ { exit }
       on && /"(managed_exception_type|method_name|unmanaged_name|native_module)"/ { sub(/^ +/, "  "); print }' "$report" | head -30 || true
done

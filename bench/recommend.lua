-- wrk script for GET /recommend: every request asks for a different user, cycling
-- deterministically through MovieLens user ids 1..6040 (thread k of n takes ids k+1, k+1+n, …).
--
--   wrk -t2 -c16 -d10s --latency -s bench/recommend.lua http://127.0.0.1:5080
--   RECOMMEND_GENRES=1 wrk … -s bench/recommend.lua …   (genre-filter variant)
--
-- RECOMMEND_GENRES=1 alternates two filtered query shapes:
--   &genres=Comedy,Drama             (any of the two)
--   &genres=Action,Thriller&match=all
-- RECOMMEND_EXTRA is appended to every query (e.g. "&diversity=0.5", the variety variant), and
-- RECOMMEND_USER=<id> asks for that one user every time (e.g. a user folded in from API ratings).
-- done() prints one machine-readable line (BENCHSTATS …) that bench/run.sh parses.

local USERS = 6040
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  genres = os.getenv("RECOMMEND_GENRES") == "1"
  nthreads = tonumber(os.getenv("RECOMMEND_THREADS") or "") or 1
  counter = 0
  failures = 0
  extra = os.getenv("RECOMMEND_EXTRA") or ""
  fixed_user = os.getenv("RECOMMEND_USER")
end

function request()
  local user = fixed_user or (((counter * nthreads + id) % USERS) + 1)
  local path = "/recommend?user=" .. user .. extra
  if genres then
    if counter % 2 == 0 then
      path = path .. "&genres=Comedy,Drama"
    else
      path = path .. "&genres=Action,Thriller&match=all"
    end
  end
  counter = counter + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + (t:get("failures") or 0) end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCHSTATS requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non200=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    failed, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

-- What the load benchmark's wrk scripts share (scripts/bench): the request headers, the bodies file, a cheap check of
-- each answer, and done()'s one machine-readable line of figures, which the harness parses:
--   BENCH {"requests":…,"seconds":…,"rps":…,"p50_us":…,"p99_us":…,"p999_us":…,"max_us":…,"non2xx":…,"unexpected":…,"socket_errors":…}
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]

local bench = {}
local clock = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

-- Microseconds on a clock all threads share: a fixed batch's rate is its requests over the time it really took.
function bench.now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

-- wrk's own headers (Host) plus the ProxyIdP's: JSON, its API key, and the scheme its TLS-terminating proxy saw. The
-- key comes from the environment, never the command line.
function bench.headers()
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(wrk.headers) do headers[name] = value end
  local key = os.getenv("BENCH_API_KEY")
  if key and #key > 0 then headers["Authorization"] = "Bearer " .. key end
  if os.getenv("BENCH_FORWARDED_PROTO") then headers["X-Forwarded-Proto"] = os.getenv("BENCH_FORWARDED_PROTO") end
  return headers
end

-- The bodies of one file, one per line; with threads > 1, only this thread's share (every threads-th line).
function bench.bodies(path, thread, threads)
  local bodies, line_number = {}, 0
  for line in io.lines(path) do
    if #line > 0 then
      if line_number % threads == thread then bodies[#bodies + 1] = line end
      line_number = line_number + 1
    end
  end
  return bodies
end

-- Per-thread counts, read back by done() through thread:get.
non2xx, unexpected, first_us, last_us = 0, 0, nil, nil

-- Counts an answer that is not 2xx, or whose body lacks the expected text (a plain find: cheap enough for wrk).
function bench.check(status, body, expected)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif not string.find(body, expected, 1, true) then
    unexpected = unexpected + 1
  end
end

local threads = {}

function bench.setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function bench.done(summary, latency)
  local bad_status, bad_body, first, last = 0, 0, nil, nil
  for _, thread in ipairs(threads) do
    bad_status = bad_status + thread:get("non2xx")
    bad_body = bad_body + thread:get("unexpected")
    local thread_first, thread_last = thread:get("first_us"), thread:get("last_us")
    if thread_first and (not first or thread_first < first) then first = thread_first end
    if thread_last and (not last or thread_last > last) then last = thread_last end
  end
  -- A fixed batch ends before wrk's duration: its rate is measured from its first request to its last answer.
  local seconds = summary.duration / 1e6
  if first and last and last > first then seconds = (last - first) / 1e6 end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.6f,"rps":%.1f,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"non2xx":%d,"unexpected":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), latency.max, bad_status, bad_body, errors.connect + errors.read + errors.write + errors.timeout))
end

return bench

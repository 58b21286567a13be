-- POST each body of a file (one per line) exactly once: a fixed batch, such as fresh TOTP codes of distinct users.
-- Each thread sends its own share; once all its answers are in it stops and leaves a marker file, and the harness ends
-- wrk when every thread has (wrk itself would wait for its duration). A thread never sends a body twice: after its
-- share it only waits. An interval (ms) between a connection's requests makes a low-rate probe.
-- wrk -s post-once.lua http://127.0.0.1:PORT/graphql -- BODIES_FILE EXPECTED THREADS INTERVAL_MS MARKER_DIR
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local bench = require("bench")

local requests, reserved, sent, answered, expected, interval, marker, stray

setup = bench.setup
done = bench.done

local WAIT_FOR_EVER_MS = 1e9

function init(args)
  expected, interval = args[2], tonumber(args[4])
  marker = args[5] .. "/thread-" .. id
  local headers = bench.headers()
  requests = {}
  for _, body in ipairs(bench.bodies(args[1], id, tonumber(args[3]))) do
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
  end
  reserved, sent, answered = 0, 0, 0
  -- Sent only if wrk reconnected a connection and asked for a request without asking delay() first: it counts as an
  -- unexpected answer, so the table shows it, and no body is ever sent twice.
  stray = wrk.format("GET", "/health/live", headers)
  if #requests == 0 then finish() end
end

-- Called before each request of a connection: a body is reserved here, since connections waiting for their delay
-- would otherwise all take the last one. Once the share is all reserved, a connection only waits.
function delay()
  if reserved >= #requests then return WAIT_FOR_EVER_MS end
  reserved = reserved + 1
  return interval
end

function request()
  if sent >= reserved then return stray end
  if sent == 0 then first_us = bench.now_us() end
  sent = sent + 1
  return requests[sent]
end

function response(status, headers, body)
  bench.check(status, body, expected)
  answered = answered + 1
  if answered == #requests then
    last_us = bench.now_us()
    finish()
  end
end

function finish()
  local file = io.open(marker, "w")
  file:close()
  if wrk.thread then wrk.thread:stop() end
end

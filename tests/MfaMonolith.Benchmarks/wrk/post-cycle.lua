-- POST the bodies of a file (one per line) in turn, over and over, for wrk's duration; every answer must be 2xx and
-- contain the expected text. An interval (ms) between a connection's requests makes a low-rate probe.
-- wrk -s post-cycle.lua http://127.0.0.1:PORT/graphql -- BODIES_FILE EXPECTED THREADS [INTERVAL_MS]
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local bench = require("bench")

local requests, next_request, expected

setup = bench.setup
done = bench.done

function init(args)
  expected = args[2]
  local headers = bench.headers()
  -- Every thread reads the whole file and starts at its own place in it: the threads do not send the same user at once.
  requests = {}
  for _, body in ipairs(bench.bodies(args[1], 0, 1)) do
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
  end
  next_request = math.floor(#requests * id / tonumber(args[3])) + 1
  local interval = tonumber(args[4] or "0")
  if interval > 0 then
    delay = function() return interval end
  end
end

function request()
  local chosen = requests[next_request]
  next_request = next_request % #requests + 1
  return chosen
end

function response(status, headers, body)
  bench.check(status, body, expected)
end

-- GET the URL's path over and over; every answer must be 2xx and contain args[1].
-- wrk -s get.lua http://127.0.0.1:PORT/plaintext -- "Hello, World!"
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local bench = require("bench")

local expected

setup = bench.setup
done = bench.done

function init(args)
  expected = args[1]
  wrk.headers = bench.headers()
end

function response(status, headers, body)
  bench.check(status, body, expected)
end

-- wrk: stop after REQUESTS responses (and say so: wrk sleeps out its duration, so the driver,
-- benchmarks/service_path.py, interrupts it), number each request (BENCH_PATH and BENCH_BODY
-- may hold %d), count non-2xx and `X-Cache: hit` answers, print one JSON line.
local limit = tonumber(os.getenv("REQUESTS"))
local template = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local token = os.getenv("TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if body then wrk.headers["Content-Type"] = "application/json" end

local threads = {}
function setup(thread) table.insert(threads, thread) end

counter, answered, hits, bad = 0, 0, 0, 0

function request()
  counter = counter + 1
  local path = string.format(template, counter)
  if body then return wrk.format(nil, path, nil, string.format(body, counter, counter)) end
  return wrk.format(nil, path)
end

function response(status, headers, _)
  answered = answered + 1
  if status < 200 or status > 299 then bad = bad + 1 end
  if headers["X-Cache"] == "hit" or headers["x-cache"] == "hit" then hits = hits + 1 end
  if answered == limit then
    io.write("limit reached\n"); io.flush()  -- the driver interrupts wrk: it would sleep on
    wrk.thread:stop()
  end
end

function done(summary, latency, _)
  local h, b = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); b = b + t:get("bad") end
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,"cache_hits":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, b,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    h, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

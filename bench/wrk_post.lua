-- wrk script for the gerp-nlp benchmark (bench/api.py): POSTs JSON bodies read
-- from a file (one body a line) in turn, stops each thread after a bounded number
-- of responses, and prints the figures as one JSON line.
-- Usage: wrk -t2 -c32 -d60s -s bench/wrk_post.lua URL -- BODIES_FILE MAX_REQUESTS_PER_THREAD

local bodies = {}
local sent = 0
local received = 0
local max_requests = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  max_requests = tonumber(args[2] or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[(sent % #bodies) + 1])
end

function response(status, headers, body)
  received = received + 1
  if max_requests > 0 and received >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, ' ..
    '"p999": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end

-- The view-counter beacon (POST), each request from a new reader.
--
-- wrk -s bench/lua/counter.lua URL -- PATH RUN READERS_UNTIL
--
-- The reader is address + User-Agent. Every request gets an address of its own
-- in X-Forwarded-For (gunicorn runs with TRUST_X_FORWARDED_FOR=true, nginx with
-- the realip module), so no beacon is deduplicated or rate limited; the
-- User-Agent is a phone browser's, so none is taken for a bot. Addresses are
-- unique per run (first octet) and thread (second), so two runs within the
-- counter's window do not collide either.
--
-- wrk stops with requests in flight: their answers are lost, yet the server may
-- count them. So from READERS_UNTIL (a Unix time, a few seconds before wrk
-- stops) the beacons come from a crawler, which is never counted: every beacon
-- that may count is answered before wrk stops, and the views added must equal
-- the answers that say "counted": true, exactly.
--
-- At the end it prints "beacons sent N counted N uncounted N failed N" for
-- bench/run.py: requests written, 200 answers with "counted": true, other 2xx
-- answers (the crawler's), and the rest.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  run = tonumber(args[2])
  readers_until = tonumber(args[3])
  sent = 0
  counted = 0
  uncounted = 0
  failed = 0
end

local user_agent = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
  .. "(KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36"

local crawler = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

function request()
  sent = sent + 1
  -- 16 threads of 2^20 readers each per run.
  local reader = string.format(
    "%d.%d.%d.%d",
    10 + run,
    id * 16 + math.floor(sent / 65536) % 16,
    math.floor(sent / 256) % 256,
    sent % 256
  )
  return wrk.format("POST", path, {
    ["X-Forwarded-For"] = reader,
    ["User-Agent"] = os.time() < readers_until and user_agent or crawler,
    ["Content-Type"] = "text/plain;charset=UTF-8",
  }, "")
end

function response(status, headers, body)
  if status == 200 and body:find('"counted":%s*true') then
    counted = counted + 1
  elseif status >= 200 and status < 300 then
    uncounted = uncounted + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local totals = { sent = 0, counted = 0, uncounted = 0, failed = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    "beacons sent %d counted %d uncounted %d failed %d\n",
    totals.sent, totals.counted, totals.uncounted, totals.failed
  ))
end

-- GETs a page with If-None-Match: a phone reloading a page it already holds.
--
-- wrk -s bench/lua/conditional.lua URL -- PATH ETAG
--
-- ETAG is the page's as the phone got it (gzipped through nginx: W/"…"); every
-- request also accepts gzip, as phones do. At the end it prints
-- "conditional not_modified N ok N other N" for bench/run.py: 304 answers, 200
-- answers (the page sent whole: the validator did not match) and the rest.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_modified = 0
  ok = 0
  other = 0
  -- The same request every time: formatted once.
  conditional_request = wrk.format("GET", args[1], {
    ["If-None-Match"] = args[2],
    ["Accept-Encoding"] = "gzip, deflate, br",
  })
end

function request()
  return conditional_request
end

function response(status, headers, body)
  if status == 304 then
    not_modified = not_modified + 1
  elseif status == 200 then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = { not_modified = 0, ok = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    "conditional not_modified %d ok %d other %d\n",
    totals.not_modified, totals.ok, totals.other
  ))
end

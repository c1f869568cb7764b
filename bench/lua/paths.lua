-- GETs a different page on every request: the article page's first render.
--
-- wrk -s bench/lua/paths.lua URL -- PATHS_FILE RUN THREADS
--
-- PATHS_FILE holds one path a line (bench/run.py writes every published
-- article, shuffled). Threads interleave through it; each run starts half the
-- file further on, so the second run renders pages the first did not.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      table.insert(paths, line)
    end
  end
  step = tonumber(args[3])
  position = (tonumber(args[2]) - 1) * math.floor(#paths / 2) + id
end

function request()
  local path = paths[position % #paths + 1]
  position = position + step
  return wrk.format("GET", path)
end

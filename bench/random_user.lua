-- wrk script: GET /obp/v5.0.0/users/user_id/ID with ids taken in a random order from the ids file
-- given as the first script argument (one id per line, as written by roster_bench_load).
-- The DirectLogin token header comes from wrk's -H option.
-- Usage: wrk ... -H 'DirectLogin: token=T' -s bench/random_user.lua URL -- IDS_FILE
--
-- The requests are formatted once, in init, and request() only hands out the next one: formatting
-- a request in Lua per call costs wrk about as much CPU as the server spends on it, and wrk shares
-- the machine's cores with the server, so it would be measured as server slowness.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

local requests = {}
local count = 0  -- #requests, counted once: # on a 100,000-entry table is a binary search
local next_request = 0

function init(args)
  local path = args[1] or error("usage: -s random_user.lua URL -- IDS_FILE")
  local ids = {}
  for line in io.lines(path) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. path) end
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  -- Fisher-Yates: every id once per round, in an order of this thread's own.
  for i = #ids, 2, -1 do
    local j = math.random(i)
    ids[i], ids[j] = ids[j], ids[i]
  end
  for i, id in ipairs(ids) do
    requests[i] = wrk.format("GET", "/obp/v5.0.0/users/user_id/" .. id)
  end
  count = #requests
end

function request()
  next_request = next_request + 1
  if next_request > count then next_request = 1 end
  return requests[next_request]
end

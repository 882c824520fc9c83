-- wrk script: GET /obp/v5.0.0/users/user_id/ID with an id picked at random per request from the
-- ids file given as the first script argument (one id per line, as written by roster_bench_load).
-- The DirectLogin token header comes from wrk's -H option.
-- Usage: wrk ... -H 'DirectLogin: token=T' -s bench/random_user.lua URL -- IDS_FILE

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

local ids = {}

function init(args)
  local path = args[1] or error("usage: -s random_user.lua URL -- IDS_FILE")
  for line in io.lines(path) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. path) end
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

function request()
  return wrk.format("GET", "/obp/v5.0.0/users/user_id/" .. ids[math.random(#ids)])
end

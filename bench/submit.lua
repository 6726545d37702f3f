-- wrk script: each request submits another draft from a list, with the session's CSRF token.
-- Arguments after "--": the file of submission paths, the CSRF token, the number of threads.
-- Thread k of n takes drafts k, k + n, k + 2n, …, so no draft is submitted twice until the
-- list runs out (then the answers are refusals, which wrk counts as non-2xx/3xx).
local started = 0

function setup(thread)
  thread:set("offset", started)
  started = started + 1
end

local paths = {}
local body
local stride

function init(args)
  assert(args[1] and args[2] and args[3], "usage: -- DRAFTS_FILE CSRF THREADS")
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  assert(#paths > 0, "no drafts in " .. args[1])
  body = "csrf=" .. args[2]
  stride = tonumber(args[3])
  -- Headers passed to wrk.format replace those from the command line (the session cookie),
  -- so the form's content type joins them instead.
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

local sent = 0
function request()
  local index = (sent * stride + offset) % #paths + 1
  sent = sent + 1
  return wrk.format("POST", paths[index], nil, body)
end

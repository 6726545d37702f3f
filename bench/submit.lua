-- wrk script: each request submits another draft from the list in DRAFTS_FILE, with the
-- session's CSRF token. Thread k of THREADS takes drafts k, k + THREADS, k + 2·THREADS, …, so
-- no draft is submitted twice until the list runs out (then the answers are refusals, counted
-- by wrk as non-2xx/3xx).
local paths = {}
for line in io.lines(os.getenv("DRAFTS_FILE")) do
  paths[#paths + 1] = line
end
local body = "csrf=" .. os.getenv("CSRF")
local stride = tonumber(os.getenv("THREADS") or "1")
local started = 0

function setup(thread)
  thread:set("offset", started)
  started = started + 1
end

local sent = 0
function request()
  local index = (sent * stride + (offset or 0)) % #paths + 1
  sent = sent + 1
  return wrk.format("POST", paths[index],
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

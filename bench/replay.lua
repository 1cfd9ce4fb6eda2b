-- Replays prepared answers, one prepared request per request, each sent once and in order.
--
-- wrk_post.py writes one file per wrk thread (thread-1.txt, thread-2.txt, ...), a request a
-- line: path, cookie and form body, tab-separated. Arguments: the folder, then each thread's
-- first line (the lines the previous runs sent are answered: sending one again would take the
-- cheaper path of an answer already stored). `done` prints what each thread sent and every
-- status it got, for wrk_post.py to check against the rows the database gained.

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  local offset = tonumber(args[1 + id])
  requests, sent, statuses, exhausted = {}, 0, {}, 0
  -- wrk calls the first thread's request() once more, right after init and before any
  -- connection, only to check that it parses (script_verify_request): that one is not sent,
  -- so it must not use up a prepared answer.
  verifying = id == 1
  local line_number = 0
  for line in io.lines(args[1] .. "/thread-" .. id .. ".txt") do
    line_number = line_number + 1
    if line_number > offset then
      local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {
        ["Cookie"] = cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Accept-Language"] = "fr",
      }
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
    end
  end
end

function request()
  if verifying then
    verifying = false
    return requests[1] or wrk.format("GET", "/out-of-prepared-answers")
  end
  if sent >= #requests then
    -- Out of prepared answers: a replay would be measured as an answer; stop and say so.
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/out-of-prepared-answers")
  end
  sent = sent + 1
  return requests[sent]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local id = thread:get("id")
    io.write(string.format("thread %d sent %d exhausted %d\n", id, thread:get("sent"),
      thread:get("exhausted")))
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("thread %d status %d %d\n", id, status, n))
    end
  end
end

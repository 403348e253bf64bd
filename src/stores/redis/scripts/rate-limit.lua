-- rate-limit: sliding-window log. Counts one hit against a bucket and decides, in one atomic step,
-- so that concurrent callers (any number of processes) never admit more than the limit.
-- KEYS[1] bucket (sorted set): member "<at>-<n>" scored <at> per admitted hit (n = index among hits
--         of the same millisecond); member "b" scored -<blockedUntil> while a block is on
-- ARGV[1] limit (hits per window, >= 1), ARGV[2] window (ms), ARGV[3] block (ms, 0 = none),
-- ARGV[4] now (ms, the caller's clock: never TIME, so every store decides on the same clock)
-- Returns: { allowed 1|0, remaining, retryAfterMs (0 when allowed), resetMs (until the bucket is empty) }
-- Refused hits are not recorded, so hammering a full bucket never pushes its reset further out.
local key = KEYS[1]
local limit, window, block, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])

-- A hit at <at> counts during [at, at + window): scores in [0, now - window] have left it.
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)

local function newest_end()
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  local at = tonumber(top[2])
  if at == nil or at < 0 then return now end
  return at + window
end

local blocked = redis.call('ZSCORE', key, 'b')
if blocked then
  local untilMs = -tonumber(blocked)
  if untilMs > now then
    local resetMs = math.max(untilMs, newest_end()) - now
    return { 0, 0, untilMs - now, resetMs }
  end
  redis.call('ZREM', key, 'b')
end

local count = redis.call('ZCARD', key)
if count < limit then
  local n = redis.call('ZCOUNT', key, now, now)
  redis.call('ZADD', key, now, ARGV[4] .. '-' .. n)
  local resetMs = newest_end() - now
  redis.call('PEXPIRE', key, resetMs)
  return { 1, limit - count - 1, 0, resetMs }
end

-- Full: one slot opens when the (count - limit + 1)-th oldest hit leaves the window.
local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
local retryMs = tonumber(oldest[2]) + window - now
if block > retryMs then
  redis.call('ZADD', key, -(now + block), 'b')
  retryMs = block
end
local resetMs = math.max(newest_end() - now, retryMs)
redis.call('PEXPIRE', key, resetMs)
return { 0, 0, retryMs, resetMs }

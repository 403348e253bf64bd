-- verify: reads one live session and its data; touches it (extends the idle window) only when
-- the last touch is older than the debounce, so most verifications write nothing.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] now (ms), ARGV[3] idle window (ms), ARGV[4] touch debounce (ms)
-- Returns: nil when gone or expired, else { record, data or nil }
local h, k = KEYS[1], ARGV[1]
local now, idle, debounce = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local vals = redis.call('HMGET', h, k, 'd:' .. k)
local v = vals[1]
if not v then return false end
local r = decode(v)
if (not r) or ends_at(r, idle) <= now then
  drop(h, k)
  return false
end
if now - r.l >= debounce then
  r.l = now
  v = encode(r)
  redis.call('HSET', h, k, v)
  extend(h, now, ends_at(r, idle))
end
return { v, vals[2] }

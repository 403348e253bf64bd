-- verify-record: verify for the local session cache (a miss): like verify.lua, but it answers the
-- record too, so the cached copy can check idle and absolute expiry and the generation by itself.
-- Only misses run it (at most about twice per session and touchInterval), so it uses the helpers.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] now (ms), ARGV[3] idle window (ms), ARGV[4] touch debounce (ms),
-- ARGV[5] (optional) the token's generation: another one is superseded and touches nothing
-- Returns: false when gone or expired, else { record (after any touch), data JSON or '' }
local h, k = KEYS[1], ARGV[1]
local now, idle = tonumber(ARGV[2]), tonumber(ARGV[3])
local vals = redis.call('HMGET', h, k, 'd:' .. k)
local r = decode(vals[1])
if (not r) or ends_at(r, idle) <= now then
  if vals[1] then drop(h, k) end
  return false
end
if (not ARGV[5] or r.g == tonumber(ARGV[5])) and now - r.l >= tonumber(ARGV[4]) then
  r.l = now
  redis.call('HSET', h, k, encode(r))
  extend(h, now, ends_at(r, idle))
end
return { encode(r), vals[2] or '' }

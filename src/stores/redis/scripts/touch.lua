-- touch: extends the idle window of a live session (never past its absolute lifetime).
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] now (ms), ARGV[3] idle window (ms)
-- ARGV[4] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: 1 when touched, 0 when the session is gone
check_deadline(tonumber(ARGV[4]))
local h, k = KEYS[1], ARGV[1]
local now, idle = tonumber(ARGV[2]), tonumber(ARGV[3])
local r = decode(redis.call('HGET', h, k))
if (not r) or ends_at(r, idle) <= now then return 0 end
r.l = now
redis.call('HSET', h, k, encode(r))
extend(h, now, ends_at(r, idle))
return 1

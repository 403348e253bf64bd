-- update: replaces the data of a live session ('' clears it); never resurrects a revoked one.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] data JSON or '', ARGV[3] now (ms), ARGV[4] idle window (ms)
-- ARGV[5] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: 1 when updated, 0 when the session is gone
check_deadline(tonumber(ARGV[5]))
local h, k = KEYS[1], ARGV[1]
local r = decode(redis.call('HGET', h, k))
if (not r) or ends_at(r, tonumber(ARGV[4])) <= tonumber(ARGV[3]) then return 0 end
if ARGV[2] == '' then
  redis.call('HDEL', h, 'd:' .. k)
else
  redis.call('HSET', h, 'd:' .. k, ARGV[2])
end
return 1

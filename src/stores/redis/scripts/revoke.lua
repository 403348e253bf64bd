-- revoke: deletes one session with its data, meta, claims and grace entry.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] now (ms), ARGV[3] idle window (ms)
-- ARGV[4] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: 1 when a live session was deleted, else 0
check_deadline(tonumber(ARGV[4]))
local h, k = KEYS[1], ARGV[1]
local r = decode(redis.call('HGET', h, k))
drop(h, k)
if r and ends_at(r, tonumber(ARGV[3])) > tonumber(ARGV[2]) then return 1 end
return 0

-- revoke-all: deletes every session of a user but one, in one step whatever their number.
-- KEYS[1] user hash
-- ARGV[1] session key to keep or '', ARGV[2] now (ms), ARGV[3] idle window (ms)
-- ARGV[4] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: array of the live session keys deleted
-- Kept: the session's record and auxiliary fields, and the login counter n: with them.
check_deadline(tonumber(ARGV[4]))
local h, keep = KEYS[1], ARGV[1]
local now, idle = tonumber(ARGV[2]), tonumber(ARGV[3])
local all = redis.call('HGETALL', h)
local gone, kept, keptRecord = {}, {}, false
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  if is_record(f) then
    if f == keep then
      keptRecord = true
      kept[#kept + 1] = f
      kept[#kept + 1] = v
    else
      local r = decode(v)
      if r and ends_at(r, idle) > now then gone[#gone + 1] = f end
    end
  elseif f == 'n:' or (keep ~= '' and string.sub(f, 3) == keep) then
    kept[#kept + 1] = f
    kept[#kept + 1] = v
  end
end
local ttl = redis.call('PTTL', h)
redis.call('DEL', h)
-- The login counter (n:) goes only with a kept session: alone it would be a key without sessions.
if keptRecord then
  redis.call('HSET', h, unpack(kept))
  if ttl > 0 then redis.call('PEXPIRE', h, ttl) end
end
return gone

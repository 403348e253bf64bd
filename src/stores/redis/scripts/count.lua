-- count: live sessions in one user hash (admin statistics only, never on a request path).
-- KEYS[1] user hash
-- ARGV[1] now (ms), ARGV[2] idle window (ms)
-- Returns: number of live sessions
local now, idle = tonumber(ARGV[1]), tonumber(ARGV[2])
local all = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 1, #all, 2 do
  if is_record(all[i]) then
    local r = decode(all[i + 1])
    if r and ends_at(r, idle) > now then n = n + 1 end
  end
end
return n

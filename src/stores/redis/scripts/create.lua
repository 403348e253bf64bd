-- create: writes a new session, pruning the user's expired sessions and evicting the oldest
-- live ones past the per-user limit, in one atomic step.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] encoded record, ARGV[3] now (ms), ARGV[4] idle window (ms),
-- ARGV[5] max sessions (0 = unlimited), ARGV[6] data JSON or '', ARGV[7] meta JSON or '',
-- ARGV[8] claims JSON or '', ARGV[9] grace (ms), ARGV[10] when the new session ends (ms)
-- ARGV[11] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: array of evicted session keys, oldest first
-- The record gets the user's next login number (n:), so logins within one millisecond still
-- evict and list in the order they happened.
check_deadline(tonumber(ARGV[11]))
local h = KEYS[1]
local now, idle, max, grace = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[9])
-- With a per-user limit every live session must be counted. Without one, a small hash is pruned
-- whole, but a user with thousands of sessions only has a random sample of 64 fields pruned per
-- create, so create stays O(1) instead of decoding the whole hash (the key's TTL and later creates
-- clean up the rest).
local all
if max > 0 or redis.call('HLEN', h) <= 256 then
  all = redis.call('HGETALL', h)
else
  all = redis.call('HRANDFIELD', h, 64, 'WITHVALUES')
end
local live = {}
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  if is_record(f) then
    local r = decode(v)
    if (not r) or ends_at(r, idle) <= now then
      drop(h, f)
    else
      live[#live + 1] = { k = f, c = r.c, n = r.n }
    end
  elseif string.sub(f, 1, 2) == 'g:' then
    local t = tonumber(string.match(v, '^[^|]*|([0-9a-z]+)|') or '', 36)
    if (not t) or t + grace <= now then redis.call('HDEL', h, f) end
  end
end
local evicted = {}
if max > 0 and #live >= max then
  table.sort(live, function(a, b)
    if a.c ~= b.c then return a.c < b.c end
    if a.n ~= b.n then return a.n < b.n end
    return a.k < b.k
  end)
  for i = 1, #live - max + 1 do
    drop(h, live[i].k)
    evicted[#evicted + 1] = live[i].k
  end
end
local k = ARGV[1]
local seq = redis.call('HINCRBY', h, 'n:', 1)
redis.call('HSET', h, k, ARGV[2] .. '|' .. b36(seq))
if ARGV[6] ~= '' then redis.call('HSET', h, 'd:' .. k, ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSET', h, 'm:' .. k, ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSET', h, 'c:' .. k, ARGV[8]) end
extend(h, now, tonumber(ARGV[10]))
return evicted

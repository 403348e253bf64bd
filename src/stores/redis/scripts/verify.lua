-- verify: reads one live session and its data; touches it (extends the idle window) only when
-- the last touch is older than the debounce, so most verifications write nothing.
-- The hot path of every authenticated request, so it is self-contained: the shared helpers would
-- be re-created as closures on every call, which measured as costly as the rest of the script.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] now (ms), ARGV[3] idle window (ms), ARGV[4] touch debounce (ms),
-- ARGV[5] (optional) the refresh generation the token was issued for (revokeAccessOnRefresh)
-- Returns: nil when gone or expired, 0 when live but refreshed past ARGV[5], else the data JSON,
-- or '' when the session has none (JSON text is never empty, so '' is unambiguous)
local h, k = KEYS[1], ARGV[1]
local vals = redis.call('HMGET', h, k, 'd:' .. k)
local v = vals[1]
if not v then return false end
local c, lt, at, rest = string.match(v, '^([0-9a-z]+)|([0-9a-z]+)|([0-9a-z]+)|(.+)$')
local now = tonumber(ARGV[2])
if c then
  local l, a = tonumber(lt, 36), tonumber(at, 36)
  local ends = l + tonumber(ARGV[3])
  if a < ends then ends = a end
  if ends > now then
    -- rest is 'generation|refreshHash|seq': a token of an earlier generation was ended by a refresh.
    if ARGV[5] and tonumber(string.match(rest, '^[0-9a-z]+'), 36) ~= tonumber(ARGV[5]) then return 0 end
    if now - l < tonumber(ARGV[4]) then return vals[2] or '' end
    -- Touch: rewrite lastActiveAt (base 36) and extend the key's TTL, never shortening it.
    local n, s = math.floor(now), ''
    while n > 0 do
      local r = n % 36
      s = string.sub('0123456789abcdefghijklmnopqrstuvwxyz', r + 1, r + 1) .. s
      n = math.floor(n / 36)
    end
    v = c .. '|' .. s .. '|' .. at .. '|' .. rest
    redis.call('HSET', h, k, v)
    ends = now + tonumber(ARGV[3])
    if a < ends then ends = a end
    local want = math.ceil(ends - now)
    local cur = redis.call('PTTL', h)
    if cur >= 0 and cur < want then redis.call('PEXPIRE', h, want) end
    return vals[2] or ''
  end
end
-- Gone for good (expired or unreadable): remove it with its auxiliary fields.
redis.call('HDEL', h, k, 'd:' .. k, 'm:' .. k, 'c:' .. k, 'g:' .. k)
return false

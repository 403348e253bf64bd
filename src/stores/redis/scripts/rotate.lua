-- rotate: exchanges a refresh token for its successor in one atomic step.
-- The presented token is current: retire it, keep its hash and the encrypted successor as the
-- grace entry, return 'rotated'. It is the most recently retired one and within the grace: return
-- the stored successor ('grace'). Anything else is reuse: the session is deleted at once.
-- KEYS[1] user hash
-- ARGV[1] session key, ARGV[2] presented hash, ARGV[3] new hash, ARGV[4] now (ms),
-- ARGV[5] idle window (ms), ARGV[6] grace (ms), ARGV[7] successor ciphertext,
-- ARGV[8] new meta JSON or '' to keep it
-- ARGV[9] deadline on Redis's clock (epoch ms, 0 = none): past it the script writes nothing
-- Returns: { 'rotated', record, claims } | { 'grace', record, claims, ciphertext, rotatedAt36 }
--        | { 'reused', reason } | { 'missing' }
check_deadline(tonumber(ARGV[9]))
local h, k, presented = KEYS[1], ARGV[1], ARGV[2]
local now, idle, grace = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local vals = redis.call('HMGET', h, k, 'g:' .. k, 'c:' .. k)
local r = decode(vals[1])
if not r then return { 'missing' } end
if ends_at(r, idle) <= now then
  drop(h, k)
  return { 'missing' }
end
if r.h == presented then
  r.h = ARGV[3]
  r.g = r.g + 1
  r.l = now
  local rec = encode(r)
  redis.call('HSET', h, k, rec, 'g:' .. k, presented .. '|' .. b36(now) .. '|' .. ARGV[7])
  if ARGV[8] ~= '' then redis.call('HSET', h, 'm:' .. k, ARGV[8]) end
  extend(h, now, ends_at(r, idle))
  return { 'rotated', rec, vals[3] }
end
local g = vals[2]
if g then
  local ph, t, blob = string.match(g, '^([^|]*)|([0-9a-z]+)|(.*)$')
  if ph == presented then
    if now - tonumber(t, 36) < grace then
      return { 'grace', vals[1], vals[3], blob, t }
    end
    drop(h, k)
    return { 'reused', 'grace-expired' }
  end
end
drop(h, k)
return { 'reused', 'retired-token' }

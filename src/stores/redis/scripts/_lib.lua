-- Shared helpers, prepended to every script at build time (Redis scripts cannot import).
-- A session record is one hash field named by the session key:
--   createdAt|lastActiveAt|absoluteExpiresAt|generation|refreshHash|seq  (numbers in base 36, ms)
-- seq is the user's login number (from the n: field), which orders logins of one millisecond;
-- records written before it existed lack it and count as 0.
-- Auxiliary fields: d:<key> data, m:<key> meta, c:<key> custom claims, g:<key> grace entry
--   (retiredHash|retiredAt|ciphertext of the successor); n: the user's last login number.
-- Expiry is checked on read because Redis 7.0 has no per-field TTL; expired fields are pruned on write.
-- @fn b36
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local function b36(n)
  n = math.floor(n)
  if n <= 0 then return '0' end
  local s = ''
  while n > 0 do
    local r = n % 36
    s = string.sub(DIGITS, r + 1, r + 1) .. s
    n = math.floor(n / 36)
  end
  return s
end
-- @fn decode
local function decode(v)
  if not v then return nil end
  local c, l, a, g, h, n = string.match(v, '^([0-9a-z]+)|([0-9a-z]+)|([0-9a-z]+)|([0-9a-z]+)|([^|]+)|?([0-9a-z]*)$')
  if not c then return nil end
  return { c = tonumber(c, 36), l = tonumber(l, 36), a = tonumber(a, 36), g = tonumber(g, 36), h = h, n = tonumber(n, 36) or 0 }
end
-- @fn encode b36
local function encode(r)
  return b36(r.c) .. '|' .. b36(r.l) .. '|' .. b36(r.a) .. '|' .. b36(r.g) .. '|' .. r.h .. '|' .. b36(r.n)
end
-- @fn ends_at
local function ends_at(r, idle)
  local e = r.l + idle
  if r.a < e then e = r.a end
  return e
end
-- @fn drop
-- The login counter alone is no reason to keep the hash: the user's last session takes the key with it.
local function drop(h, k)
  local n = redis.call('HDEL', h, k, 'd:' .. k, 'm:' .. k, 'c:' .. k, 'g:' .. k)
  if n > 0 and redis.call('HLEN', h) == 1 and redis.call('HEXISTS', h, 'n:') == 1 then redis.call('DEL', h) end
  return n
end
-- @fn extend
-- Never shortens the key's TTL: other sessions of the user may live longer.
local function extend(h, now, untilMs)
  local want = untilMs - now
  if want <= 0 then return end
  local cur = redis.call('PTTL', h)
  if cur == -2 then return end
  if cur < want then redis.call('PEXPIRE', h, math.ceil(want)) end
end
-- @fn is_record
local function is_record(f)
  return not string.find(f, ':', 1, true)
end
-- @fn check_deadline
-- Refuses a write that reaches Redis after its caller was told it failed (a stalled server reads
-- it from its socket later): `ms` is the deadline on Redis's own clock (epoch ms), 0 for none.
-- Nothing has been written when it raises, so the refusal is clean.
local function check_deadline(ms)
  if (not ms) or ms <= 0 then return end
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > ms then
    error({ err = 'DEADLINE the call reached Redis after its deadline; nothing was written' })
  end
end

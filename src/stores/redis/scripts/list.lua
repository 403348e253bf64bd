-- list: the live sessions of a user with their meta, without data or token material.
-- KEYS[1] user hash
-- ARGV[1] now (ms), ARGV[2] idle window (ms)
-- Returns: flat array { key, record, meta or '', ... }
local h = KEYS[1]
local now, idle = tonumber(ARGV[1]), tonumber(ARGV[2])
local all = redis.call('HGETALL', h)
local metas, out = {}, {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 2) == 'm:' then metas[string.sub(all[i], 3)] = all[i + 1] end
end
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  if is_record(f) then
    local r = decode(v)
    if r and ends_at(r, idle) > now then
      out[#out + 1] = f
      out[#out + 1] = v
      out[#out + 1] = metas[f] or ''
    end
  end
end
return out

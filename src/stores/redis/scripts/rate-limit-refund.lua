-- rate-limit-refund: takes back one admitted hit (a request that must not count: a successful
-- login, or a response skipped by skipSuccessfulRequests / skipFailedRequests).
-- KEYS[1] bucket (sorted set, as in rate-limit.lua)
-- ARGV[1] the `now` (ms) the hit was counted with
-- Returns: 1 when a hit was removed, 0 when it had already left the window or the bucket was reset
-- Hits of one millisecond are "<at>-0" .. "<at>-(n-1)" and only ever leave together (window trim,
-- reset) or from the top (here), so removing the highest index keeps the numbering gap-free.
local n = redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1])
if n == 0 then return 0 end
return redis.call('ZREM', KEYS[1], ARGV[1] .. '-' .. (n - 1))

import { luaScript as script } from '@app/redis';

export type { LuaScript } from '@app/redis';

/** Deletes a lock only if we still hold it (our token), never one that expired and was re-taken. */
export const RELEASE_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A fill tags its entry as showing a product and reads the product's latest write number.
 * KEYS[1] the product's shows set, KEYS[2] its write marker (same slot); ARGV[1] the member,
 * ARGV[2] the entry's lifetime in ms (the set lives at least as long).
 */
export const TAG_SHOWN = script(`
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return tonumber(redis.call('GET', KEYS[2]) or '0')
`);

/**
 * A write marks the product with its write number (never lowering it) and takes the members of
 * its shows set (shownMember), emptying it unless ARGV[3] is '1': then the caller removes what it
 * retires and what it kept stays tagged for the next write. KEYS as TAG_SHOWN; ARGV[1] write
 * number, ARGV[2] marker lifetime in ms.
 */
export const RETIRE_SHOWN = script(`
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) > current then current = tonumber(ARGV[1]) end
redis.call('SET', KEYS[2], current, 'PX', ARGV[2])
local members = redis.call('SMEMBERS', KEYS[1])
if ARGV[3] ~= '1' then redis.call('DEL', KEYS[1]) end
return members
`);

/** Makes a pending entry readable if it is still this fill's. KEYS[1] entry; ARGV[1] fill id. */
export const CONFIRM_FILL = script(`
if redis.call('GETRANGE', KEYS[1], 1, 16) == ARGV[1] then
  redis.call('SETRANGE', KEYS[1], 0, '1')
  return 1
end
return 0
`);

/**
 * Every script that retires what an instance may hold in its L1 publishes that on the instances'
 * channel (ARGV: channel, message) in the same script: a retirement is never without its push,
 * which is what lets the L1 serve past CACHE_L1_MAX_AGE_MS while the channel proves it delivers.
 * The push is stamped here, by Redis's clock, when the retirement takes effect (`sentAtMs`, ms
 * with µs, added to the JSON object given): the push delay counts from there, not from when the
 * instance built the message and its other work before the command left.
 */
const PUBLISH_STAMPED = `
local function publishStamped(channel, message)
  local t = redis.call('TIME')
  local us = tonumber(t[2])
  local stamp = string.format('%s%03d.%03d', t[1], math.floor(us / 1000), us % 1000)
  redis.call('PUBLISH', channel, string.sub(message, 1, -2) .. ',"sentAtMs":' .. stamp .. '}')
end
`;

/** Deletes an entry and, if it was there, pushes its key. KEYS[1] entry; ARGV[1] channel, ARGV[2] message. */
export const DELETE_ENTRY = script(`${PUBLISH_STAMPED}
local n = redis.call('DEL', KEYS[1])
if n == 1 then publishStamped(ARGV[1], ARGV[2]) end
return n
`);

/**
 * Moves a generation: its value becomes Redis's TIME in ms (always above the one it replaces, so
 * values only grow) and it keeps the value it replaced and the kind of move, as
 * `value:previous:s|h` (generation.ts), and pushes the new state (the channel's `generations`
 * message, invalidation-channel.ts). KEYS[1] the generation key; ARGV[1] 's' soft or 'h' hard,
 * ARGV[2] channel. Returns the new state. A legacy integer value is read as a counter.
 */
export const MOVE_GENERATION = script(`${PUBLISH_STAMPED}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old = redis.call('GET', KEYS[1])
local current = 0
if old then current = tonumber(string.match(old, '^%d+')) or 0 end
local value = now
if value <= current then value = current + 1 end
local state = string.format('%d:%d:%s', value, current, ARGV[1])
redis.call('SET', KEYS[1], state)
publishStamped(ARGV[2], cjson.encode({ generations = { [KEYS[1]] = state } }))
return state
`);

/**
 * Stores an entry unless a write numbered after the fill's start retired or patched the key
 * meanwhile (RETIRE_LISTING left `T` or `S`, REPLACE_STORED `W`, and that number, 16 digits, at
 * its head). KEYS[1] entry; ARGV[1] the write number the fill read before loading, ARGV[2]
 * lifetime in ms, ARGV[3] the framed entry. 1 stored, 0 refused.
 */
export const STORE_ENTRY = script(`
local head = redis.call('GETRANGE', KEYS[1], 0, 16)
local state = string.sub(head, 1, 1)
if (state == 'T' or state == 'S' or state == 'W') and (tonumber(string.sub(head, 2, 17)) or 0) > tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
return 1
`);

/**
 * Retires a listing for a write, never lowering a write number already there. A ready entry with
 * a grace (ARGV[3] ms > 0) becomes superseded: state 'S', the write's number over its fill id, its
 * lifetime cut to the grace — served STALE while one refresh runs. Anything else (strict mode, a
 * pending fill, nothing stored) becomes `T<number>` for ARGV[2] ms. Either reads as not fresh, and
 * makes a fill that read an earlier number store nothing, and is pushed. KEYS[1] entry; ARGV[1]
 * write number, ARGV[4] channel, ARGV[5] message.
 */
export const RETIRE_LISTING = script(`${PUBLISH_STAMPED}
local n = tonumber(ARGV[1])
local head = redis.call('GETRANGE', KEYS[1], 0, 16)
local state = string.sub(head, 1, 1)
local numbered = 0
if state == 'T' or state == 'S' or state == 'W' then numbered = tonumber(string.sub(head, 2, 17)) or 0 end
if (state == 'T' or state == 'S') and numbered >= n then return 0 end
-- A patched copy may lack an earlier write's change: superseded too, keeping the higher number.
local mark = string.format('%016d', math.max(n, numbered))
local grace = tonumber(ARGV[3])
if (state == '1' or state == 'W' or state == 'S') and grace > 0 then
  redis.call('SETRANGE', KEYS[1], 0, 'S' .. mark)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 or ttl > grace then redis.call('PEXPIRE', KEYS[1], grace) end
else
  redis.call('SET', KEYS[1], 'T' .. mark, 'PX', ARGV[2])
end
publishStamped(ARGV[4], ARGV[5])
return 1
`);

/**
 * Notes that a listing (member `<hash> <text>`) is stored or being filled until ARGV[2] (ms since
 * the epoch) and forgets those whose time passed. KEYS[1] the field's listings (a sorted set by
 * end of life); ARGV[1] now, ARGV[2] end of life, ARGV[3] member.
 */
export const REGISTER_LISTING = script(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) - tonumber(ARGV[1]) then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
end
return 1
`);

/**
 * Replaces a listing's entry by its patched copy if the key still holds the version that was read
 * (its first 17 bytes), keeping its remaining lifetime, and pushes the key. KEYS[1] entry; ARGV[1]
 * that version, ARGV[2] the framed copy (state `W` and the write's number), ARGV[3] channel,
 * ARGV[4] message. 1 replaced, 0 it changed meanwhile.
 */
export const REPLACE_STORED = script(`${PUBLISH_STAMPED}
if redis.call('GETRANGE', KEYS[1], 0, 16) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
publishStamped(ARGV[3], ARGV[4])
return 1
`);

// How the device list names a session: the browser and system from its user agent, and the random
// part of its id (every id of one user starts with the same encoded user id).

const BROWSERS = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)\S* (?:Mobile\/\S+ )?Safari\//],
  ['curl', /^curl\/(\d+)/],
]
const SYSTEMS = [
  ['iOS', /iPhone|iPad|iPod/],
  ['Android', /Android/],
  ['Windows', /Windows/],
  ['ChromeOS', /CrOS/],
  ['macOS', /Macintosh|Mac OS X/],
  ['Linux', /Linux|X11/],
]

/** "Chrome 131 on Linux", "Safari 17 on iOS", or the start of an unknown user agent. */
export function describeDevice(userAgent) {
  const ua = String(userAgent ?? '')
  if (!ua) return 'Unknown device'
  const browser = BROWSERS.map(([name, re]) => [name, re.exec(ua)]).find(([, m]) => m)
  const system = SYSTEMS.find(([, re]) => re.test(ua))?.[0]
  if (!browser) return ua.length > 32 ? `${ua.slice(0, 31)}…` : ua
  const name = `${browser[0]} ${browser[1][1]}`
  return system ? `${name} on ${system}` : name
}

/** The distinguishing part of a session id: the start of its random key. */
export function shortId(sessionId) {
  const key = String(sessionId).split('.').pop() ?? ''
  return `…${key.slice(0, 8)}`
}

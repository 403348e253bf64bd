// The demo page: everything goes through the TokenManager served at /assets/client.js.
import { TokenManager } from '/assets/client.js'
import { describeDevice, shortId } from '/devices.js'

const $ = (id) => document.getElementById(id)
const params = new URLSearchParams(location.search)
const config = await (await fetch('/api/config')).json()

// Query knobs (for trying things out, and for the end-to-end tests): ?autoRefresh=0, ?storage=local
const tm = new TokenManager({
  mode: config.mode,
  refreshTokenStorage: params.get('storage') ?? 'session',
  autoRefresh: params.get('autoRefresh') !== '0',
  logoutUrl: '/api/logout',
})
window.tm = tm
window.demoEvents = []
window.demoEventTimes = [] // Date.now() of each event, for the end-to-end tests

let refreshes = 0
function log(text) {
  window.demoEvents.push(text)
  window.demoEventTimes.push(Date.now())
  const line = document.createElement('div')
  line.textContent = `${new Date().toLocaleTimeString()}  ${text}`
  $('events').prepend(line)
}

function span(className, text) {
  const el = document.createElement('span')
  el.className = className
  el.textContent = text
  return el
}

function notice(text) {
  $('notice').textContent = text
  $('notice').hidden = !text
}

function showSignIn() {
  $('profile').hidden = true
  $('signin').hidden = false
  $('devices').replaceChildren()
}

async function showProfile() {
  const res = await tm.makeAuthenticatedRequest('/api/profile')
  if (!res.ok) return // a 401 has already ended the session (sessionExpired)
  const { user, session } = await res.json()
  $('name').textContent = user.name ?? user.id
  $('role').textContent = user.role ? `(${user.role})` : ''
  $('sid').textContent = session?.id ?? ''
  $('signin').hidden = true
  $('profile').hidden = false
  await loadDevices()
}

async function loadDevices() {
  const res = await tm.makeAuthenticatedRequest('/api/token/sessions')
  if (!res.ok) return
  const { data } = await res.json()
  const rows = data.sessions.map((s) => {
    const tr = document.createElement('tr')
    tr.dataset.sessionId = s.sessionId
    const id = tr.insertCell()
    id.textContent = shortId(s.sessionId) + (s.current ? ' (this one)' : '')
    id.title = s.sessionId
    id.dataset.testid = 'session-id'
    const device = tr.insertCell()
    const when = new Date(s.lastActiveAt).toLocaleTimeString()
    device.append(span('device', describeDevice(s.meta?.userAgent)), span('when', when))
    device.title = s.meta?.userAgent ?? ''
    device.dataset.testid = 'device'
    const last = tr.insertCell()
    last.className = 'when'
    last.textContent = when
    const btn = document.createElement('button')
    btn.type = 'button'
    btn.textContent = s.current ? 'Log out' : 'Revoke'
    btn.dataset.testid = s.current ? 'revoke-current' : 'revoke'
    btn.onclick = async () => {
      if (s.current) return tm.logout()
      await tm.makeAuthenticatedRequest(`/api/token/sessions/${encodeURIComponent(s.sessionId)}`, { method: 'DELETE' })
      log(`revoked ${shortId(s.sessionId)}`)
      await loadDevices()
    }
    tr.insertCell().append(btn)
    return tr
  })
  $('devices').replaceChildren(...rows)
}

tm.on('login', ({ remote }) => {
  log(`login${remote ? ' (another tab)' : ''}`)
  notice('')
  void showProfile()
})
tm.on('refreshed', ({ remote }) => {
  $('refreshes').textContent = String(++refreshes)
  log(`refreshed${remote ? ' (another tab)' : ''}`)
})
tm.on('logout', ({ remote }) => {
  log(`logout${remote ? ' (another tab)' : ''}`)
  notice(remote ? 'You signed out in another tab.' : '')
  showSignIn()
})
tm.on('sessionExpired', ({ code, remote }) => {
  log(`sessionExpired ${code}${remote ? ' (another tab)' : ''}`)
  notice(`Your session has ended (${code}). Please sign in again.`)
  showSignIn()
})
tm.on('error', ({ error }) => log(`error ${error?.code || error?.message || error}`))

$('login-form').onsubmit = async (e) => {
  e.preventDefault()
  const form = new FormData(e.target)
  const username = String(form.get('username'))
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: form.get('password') }),
  })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) {
    $('login-error').textContent = body.error?.message ?? 'Sign-in failed'
    $('login-error').hidden = false
    return
  }
  $('login-error').hidden = true
  e.target.reset()
  tm.login({ ...body, userId: username })
}

$('refresh-btn').onclick = () => tm.refreshAccessToken().catch(() => undefined)
$('logout-btn').onclick = () => tm.logout()
$('logout-all-btn').onclick = async () => {
  const n = $('devices').rows.length
  if (!confirm(`Log out on all ${n} device${n === 1 ? '' : 's'}, this one included?`)) return
  await tm.makeAuthenticatedRequest('/api/logout-all', { method: 'POST' })
  await tm.logout()
}
$('stats-btn').onclick = async () => {
  $('stats').textContent = JSON.stringify(await tm.getSessionStats().catch((e) => e.message), null, 2)
  $('stats').hidden = false
}

$('mode').textContent = config.mode
$('ttl').textContent = `${Math.round(config.accessTokenTtlMs / 1000)} s`
$('users').replaceChildren(
  ...config.users.map(({ username, password }) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = username
    b.onclick = () => {
      $('login-form').username.value = username
      $('login-form').password.value = password
    }
    return b
  }),
)

setInterval(() => {
  const { timeUntilExpiry, isAuthenticated } = tm.getTokenInfo()
  const el = $('countdown')
  el.textContent =
    isAuthenticated && timeUntilExpiry !== null ? `${Math.max(0, timeUntilExpiry / 1000).toFixed(1)} s` : '–'
  el.classList.toggle('low', (timeUntilExpiry ?? 0) < 5000)
}, 200)

if (tm.isAuthenticated()) await showProfile()
else showSignIn()
document.body.dataset.ready = 'true'

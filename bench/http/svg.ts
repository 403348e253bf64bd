import { fixed, int } from '../lib/stats.js'
import type { RowSummary } from './report.js'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function colour(id: string): string {
  if (id === 'bare' || id.endsWith('-bare')) return '#9aa0a6'
  if (id === 'floor' || id.endsWith('-floor')) return '#5f6368'
  if (id.startsWith('jwts') || id.endsWith('-jwts')) return '#1a73e8'
  if (id.startsWith('seed')) return '#e8a33d'
  return '#b07cd8'
}

/** A round step for axis ticks (1, 2 or 5 times a power of ten) giving about five ticks. */
function step(max: number): number {
  const raw = max / 5
  const p = 10 ** Math.floor(Math.log10(raw))
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw
}

/**
 * Horizontal bar chart of req/s medians with min–max whiskers and the ratio to the bare route.
 * Hand-written SVG: no chart dependency, readable in any browser and on GitHub.
 */
export function httpChart(rows: RowSummary[], subtitle: string): string {
  const left = 270
  const barW = 440
  const right = 140
  const top = 64
  const rowH = 34
  const width = left + barW + right
  const height = top + rows.length * rowH + 40
  const max = Math.max(1, ...rows.map((r) => r.rps.max)) * 1.05
  const s = step(max)
  const xAt = (v: number) => left + (v / max) * barW
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600" fill="#202124">Authenticated GET, Express 5: requests per second (median of rounds, min–max)</text>`,
    `<text x="16" y="46" font-size="11" fill="#5f6368">${esc(subtitle)}</text>`,
  ]
  for (let v = 0; v <= max; v += s) {
    const x = xAt(v)
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${top - 6}" x2="${x.toFixed(1)}" y2="${top + rows.length * rowH}" stroke="#e8eaed"/>`,
    )
    out.push(
      `<text x="${x.toFixed(1)}" y="${top + rows.length * rowH + 16}" font-size="11" fill="#5f6368" text-anchor="middle">${int(v)}</text>`,
    )
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH
    const mid = y + rowH / 2
    const w = Math.max(1, xAt(r.rps.median) - left)
    out.push(`<text x="${left - 10}" y="${mid + 4}" text-anchor="end" fill="#202124">${esc(r.label)}</text>`)
    out.push(
      `<rect x="${left}" y="${y + 7}" width="${w.toFixed(1)}" height="${rowH - 14}" rx="3" fill="${colour(r.id)}"/>`,
    )
    const x1 = xAt(r.rps.min).toFixed(1)
    const x2 = xAt(r.rps.max).toFixed(1)
    out.push(`<line x1="${x1}" y1="${mid}" x2="${x2}" y2="${mid}" stroke="#202124" stroke-width="1.2"/>`)
    out.push(`<line x1="${x1}" y1="${mid - 5}" x2="${x1}" y2="${mid + 5}" stroke="#202124" stroke-width="1.2"/>`)
    out.push(`<line x1="${x2}" y1="${mid - 5}" x2="${x2}" y2="${mid + 5}" stroke="#202124" stroke-width="1.2"/>`)
    const ratio = r.vsBare ? ` · ${fixed(r.vsBare.median, 2)}x bare` : ''
    out.push(
      `<text x="${(xAt(r.rps.max) + 8).toFixed(1)}" y="${mid + 4}" fill="#202124">${int(r.rps.median)}<tspan fill="#5f6368">${ratio}</tspan></text>`,
    )
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}

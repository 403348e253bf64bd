import express from 'express'
import { USER, type SetupTarget } from '../types.js'

/** The ceiling: an Express 5 route that authenticates nothing. */
export const setup: SetupTarget = async () => {
  const app = express()
  app.get('/me', (_req, res) => {
    res.json({ ok: true, user: USER })
  })
  return { listener: app, path: '/me', headers: {}, close: async () => {} }
}

import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The browser client as the demo serves it at `/assets/client.js`: bundled from src/client with esbuild. */
export async function clientBundle(): Promise<string> {
  const { build } = await import('esbuild')
  const out = await build({
    entryPoints: [`${root}src/client/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    tsconfig: `${root}src/client/tsconfig.json`,
    logLevel: 'silent',
  })
  const text = out.outputFiles[0]?.text
  if (text === undefined) throw new Error('esbuild produced no output for the browser client')
  return text
}

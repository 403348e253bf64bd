import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
export async function runScale(_o: BenchOptions, _l: Log): Promise<PartOutput> { throw new Error('not yet') }

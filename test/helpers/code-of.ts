/** Settles a promise to `'resolved'` or the rejection's error `code`: tests assert on codes, not on "it threw". */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  }
}

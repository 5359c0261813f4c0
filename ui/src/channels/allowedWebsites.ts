/** The "Allowed websites" of a web chat channel as the Channels page edits them: one per line. */

export function websitesFromText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

export function websitesToText(origins: readonly string[]): string {
  return origins.join('\n')
}

export interface WebsiteError {
  website: string
  message: string
}

/** The server's 422 for `allowed_origins[i]`, matched to the line the person typed. */
export function websiteErrors(error: unknown, sent: readonly string[]): WebsiteError[] {
  if (typeof error !== 'object' || error === null || !('detail' in error) || !Array.isArray(error.detail)) return []
  const found: WebsiteError[] = []
  for (const item of error.detail as unknown[]) {
    if (typeof item !== 'object' || item === null || !('loc' in item) || !('msg' in item)) continue
    const { loc, msg } = item
    if (!Array.isArray(loc) || loc[1] !== 'allowed_origins' || typeof msg !== 'string') continue
    const index = loc[2]
    const website = typeof index === 'number' ? (sent[index] ?? '') : ''
    // Pydantic prefixes the validator's own sentence; the sentence is what to fix.
    found.push({ website, message: msg.replace(/^Value error, /, '') })
  }
  return found
}

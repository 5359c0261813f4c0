export interface PlaceholderValues {
  contactName: string
  agentName: string
}

/**
 * Fills a canned response's `{{contact.name}}`, `{{contact.first_name}}` and `{{agent.name}}`.
 * Unknown placeholders stay visible, so the agent sees them before sending. A name we do not
 * know leaves no stray space behind ("Hi {{contact.first_name}}, …" → "Hi, …").
 */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  const contactName = values.contactName.trim()
  const filled: Record<string, string> = {
    'contact.name': contactName,
    'contact.first_name': contactName.split(/\s+/)[0] ?? '',
    'agent.name': values.agentName.trim(),
  }
  const known = /([ \t]*)\{\{\s*(contact\.name|contact\.first_name|agent\.name)\s*\}\}/g
  return body.replace(known, (whole: string, space: string, name: string, offset: number, text: string) => {
    const value = filled[name] ?? ''
    if (value !== '') return space + value
    const next = text[offset + whole.length] ?? ''
    return /^[\s,.!?;:]?$/.test(next) ? '' : space
  })
}

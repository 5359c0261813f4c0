/**
 * Text from CSV files and custom fields, made safe to show in a table cell: control characters and
 * line breaks become spaces (a cell is one line), and long text is cut with an ellipsis. React
 * escapes HTML; this keeps odd files from breaking the layout.
 */
export function cellText(raw: unknown, max = 60): string {
  if (raw === null || raw === undefined) return ''
  const text = (Array.isArray(raw) ? raw.map(String).join(', ') : String(raw))
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const characters = [...text]
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text
}

/** A stored custom field value as text: lists joined, true/false in the reader's words. */
export function fieldValueText(value: unknown, yes: string, no: string): string {
  if (value === true) return yes
  if (value === false) return no
  return cellText(value, 200)
}

/** How a contact is named in lists and titles: its name, else its phone, e-mail, or a dash. */
export function contactLabel(contact: { name: string; phone?: string | null; email?: string | null }): string {
  return contact.name.trim() || contact.phone || contact.email || '—'
}

import type { ContentKind, MediaContent, OutboundContent } from './graph'
import { nextNumberedId } from './ids'

// Editing a message's content: switching its kind keeps the text written so far, and a new
// button or row gets an id of its own (the contact's tap names it).

function textOf(content: OutboundContent): string {
  switch (content.kind) {
    case 'text':
    case 'buttons':
    case 'list':
      return content.text
    case 'media':
      return content.caption ?? ''
    case 'template':
      return ''
  }
}

export function switchKind(content: OutboundContent, kind: ContentKind): OutboundContent {
  if (content.kind === kind) return content
  const text = textOf(content)
  switch (kind) {
    case 'text':
      return { kind, text }
    case 'buttons':
      return { kind, text, buttons: [{ id: 'button_1', title: '' }] }
    case 'list':
      return { kind, text, button: '', sections: [{ rows: [{ id: 'row_1', title: '' }] }] }
    case 'media':
      return { kind, media_type: 'image', caption: text || null }
    case 'template':
      return { kind, name: '', language: 'pt_BR', body_values: [], rendered: '' }
  }
}

export function addButton(content: Extract<OutboundContent, { kind: 'buttons' }>): OutboundContent {
  const id = nextNumberedId('button', content.buttons.map((button) => button.id))
  return { ...content, buttons: [...content.buttons, { id, title: '' }] }
}

/** Lists are edited as one section: the rows of every section, in order. */
export function listRows(content: Extract<OutboundContent, { kind: 'list' }>) {
  return content.sections.flatMap((section) => section.rows)
}

export function withRows(
  content: Extract<OutboundContent, { kind: 'list' }>,
  rows: ReturnType<typeof listRows>,
): OutboundContent {
  return { ...content, sections: [{ ...(content.sections[0] ?? {}), rows }] }
}

export function addRow(content: Extract<OutboundContent, { kind: 'list' }>): OutboundContent {
  const rows = listRows(content)
  const id = nextNumberedId('row', rows.map((row) => row.id))
  return withRows(content, [...rows, { id, title: '' }])
}

/** The kind of media a stored file is, from its MIME type. */
export function mediaTypeOf(mimeType: string): MediaContent['media_type'] {
  if (mimeType.startsWith('image/')) return 'image'
  if (mimeType.startsWith('audio/')) return 'audio'
  if (mimeType.startsWith('video/')) return 'video'
  return 'document'
}

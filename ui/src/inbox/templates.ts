import type { MessageTemplate, TemplateButton, TemplateButtonValue, TemplateContent } from './api'

// `{{1}}` (positional) or `{{order_id}}` (named, Meta's newer format).
const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

const mediaHeaders = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' } as const
type HeaderMedia = (typeof mediaHeaders)[keyof typeof mediaHeaders]

/**
 * The variables of a text in the order their values are sent: 1…n for positional ones (the
 * highest number counts, as Meta numbers them), else named ones as they first appear.
 */
export function variableNames(text: string): string[] {
  const names = [...new Set([...text.matchAll(placeholder)].map((match) => match[1] ?? ''))]
  if (names.length > 0 && names.every((name) => /^\d+$/.test(name))) {
    const highest = Math.max(...names.map(Number))
    return Array.from({ length: highest }, (_, index) => String(index + 1))
  }
  return names
}

/** The names to send with the values: empty for a positional template (`{{1}}`). */
export function namedVariables(text: string): string[] {
  const names = variableNames(text)
  return names.every((name) => /^\d+$/.test(name)) ? [] : names
}

export function variableCount(text: string): number {
  return variableNames(text).length
}

/** The text with each variable replaced by its value; empty values keep the placeholder. */
export function renderTemplateText(text: string, values: readonly string[]): string {
  const names = variableNames(text)
  return text.replace(placeholder, (whole, name: string) => {
    const value = values[names.indexOf(name)]?.trim() ?? ''
    return value === '' ? whole : value
  })
}

export function templateButtons(template: MessageTemplate): TemplateButton[] {
  return template.buttons ?? []
}

/** The kind of file the template's header is (image, video, document), if the agent must attach one. */
export function headerMedia(template: MessageTemplate): HeaderMedia | null {
  const format = (template.header_format ?? '').toUpperCase()
  return Object.hasOwn(mediaHeaders, format) ? mediaHeaders[format as keyof typeof mediaHeaders] : null
}

export function needsHeaderMedia(template: MessageTemplate): boolean {
  return headerMedia(template) !== null
}

export interface TemplateDraft {
  body: string[]
  header: string[]
  /** The file of a media header, once uploaded. */
  headerAttachmentId: string | null
  /** One value per button that takes one (a URL suffix), by the button's index. */
  buttons: Record<number, string>
}

export function emptyDraft(template: MessageTemplate): TemplateDraft {
  const buttons: Record<number, string> = {}
  for (const button of templateButtons(template)) if (button.variables > 0) buttons[button.index] = ''
  const bodyCount = Math.max(template.body_variables ?? 0, variableCount(template.body_text ?? ''))
  const headerCount = needsHeaderMedia(template) ? 0 : Math.max(template.header_variables ?? 0, variableCount(template.header_text ?? ''))
  return {
    body: Array.from({ length: bodyCount }, () => ''),
    header: Array.from({ length: headerCount }, () => ''),
    headerAttachmentId: null,
    buttons,
  }
}

/** The values still missing, to say what is left before sending. */
export function missingValues(template: MessageTemplate, draft: TemplateDraft): number {
  const values = [...draft.body, ...draft.header, ...Object.values(draft.buttons)]
  const empty = values.filter((value) => value.trim() === '').length
  return empty + (needsHeaderMedia(template) && draft.headerAttachmentId === null ? 1 : 0)
}

/** One key per template in pickers: a name can exist in several languages. */
export function templateKey(template: Pick<MessageTemplate, 'name' | 'language'>): string {
  return `${template.name}|${template.language}`
}

/** What to send: the template with its values and the body as the contact will read it. */
export function templateContent(template: MessageTemplate, draft: TemplateDraft): TemplateContent {
  const buttons: TemplateButtonValue[] = Object.entries(draft.buttons).map(([index, value]) => {
    const button = templateButtons(template).find((candidate) => candidate.index === Number(index))
    const subType: TemplateButtonValue['sub_type'] = button?.type.toUpperCase() === 'URL' ? 'url' : 'quick_reply'
    return { sub_type: subType, index: Number(index), value: value.trim() }
  })
  return {
    kind: 'template',
    name: template.name,
    language: template.language,
    body_values: draft.body.map((value) => value.trim()),
    body_parameter_names: namedVariables(template.body_text ?? ''),
    // WhatsApp takes the header's variable, not the whole header line.
    header_text: draft.header.length > 0 ? (draft.header[0]?.trim() ?? null) : null,
    header_attachment_id: draft.headerAttachmentId,
    buttons,
    rendered: renderTemplateText(template.body_text ?? '', draft.body),
  }
}

import { isMessageKey } from '../../i18n/keys'
import type { Translate } from '../../i18n/languages'
import type { TimelineEntry } from '../types'

// The server's `summary` is English for API readers; the page words each known kind itself
// from its details, in the reader's language, and falls back to the server's line.

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

function known(key: string, fallback: string, t: Translate): string {
  return isMessageKey(key) ? t(key) : fallback
}

function fieldNames(changes: unknown, t: Translate): string {
  const names = changes && typeof changes === 'object' ? Object.keys(changes) : []
  return names
    .map((name) =>
      name.startsWith('custom_fields.') ? name.slice('custom_fields.'.length) : known(`field.${name}`, name, t),
    )
    .join(', ')
}

export function timelineSummary(entry: TimelineEntry, t: Translate): string {
  const details: Record<string, unknown> = entry.details ?? {}
  const channel = known(`channel.${text(details.channel)}`, text(details.channel), t)
  switch (entry.kind) {
    case 'created':
    case 'updated': {
      const fields = fieldNames(details.changes, t)
      const tags = strings(details.tags_added).join(', ')
      const parts = [
        fields && t(entry.kind === 'created' ? 'timeline.summary.created' : 'timeline.summary.changed', { fields }),
        tags && t('timeline.summary.tagged', { tags }),
      ]
      return parts.filter(Boolean).join('; ')
    }
    case 'tag_added':
    case 'tag_removed':
      return text(details.tag)
    case 'consent_changed':
      return t('timeline.summary.consent', {
        status: known(`consent.${text(details.status)}`, text(details.status), t),
        channel,
        source: text(details.source),
      })
    case 'merged':
      return t('timeline.summary.merged', { name: text(details.name) || text(details.merged_contact_id) })
    case 'message':
      return t(details.direction === 'outbound' ? 'timeline.summary.outbound' : 'timeline.summary.inbound', {
        channel,
        text: text(details.text),
      })
    case 'conversation_started':
      return t('timeline.summary.conversation', { channel })
    case 'note_added':
    case 'erased':
      return ''
    default:
      return entry.summary
  }
}

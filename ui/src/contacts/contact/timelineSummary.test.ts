import { describe, expect, it } from 'vitest'
import { translator } from '../../i18n/languages'
import type { TimelineEntry } from '../types'
import { timelineSummary } from './timelineSummary'

const entry = (kind: string, details: Record<string, unknown>, summary = 'server line') =>
  ({ id: 'x', at: '2026-01-01T00:00:00Z', kind, summary, details }) as TimelineEntry

describe('timelineSummary', () => {
  const pt = translator('pt-BR')
  const en = translator('en')

  it('names changed fields and tags in the reader language', () => {
    const updated = entry('updated', { changes: { name: ['Ana', 'Ana S.'], 'custom_fields.cidade': [null, 'Recife'] }, tags_added: ['vip'] })
    expect(timelineSummary(updated, pt)).toBe('Alterou Nome, cidade; Etiquetas adicionadas: vip')
    expect(timelineSummary(updated, en)).toBe('Changed Name, cidade; Tagged vip')
  })

  it('words consent and messages with their channel', () => {
    expect(timelineSummary(entry('consent_changed', { status: 'opted_out', channel: 'whatsapp', source: 'agent' }), pt)).toBe(
      'Recusou em WhatsApp (agent)',
    )
    expect(timelineSummary(entry('message', { direction: 'inbound', channel: 'webchat', text: 'olá' }), en)).toBe(
      'Received on Web chat: olá',
    )
  })

  it('falls back to the server line for kinds it does not know', () => {
    expect(timelineSummary(entry('flow_entered', { flow: 'welcome' }), pt)).toBe('server line')
  })
})

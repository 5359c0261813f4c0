import { describe, expect, it } from 'vitest'
import { cleanDraft, draftErrors, normalizeShortcut } from './cannedDraft'

describe('canned response drafts', () => {
  it('drops a typed slash and lower-cases the shortcut', () => {
    expect(normalizeShortcut(' /Thanks ')).toBe('thanks')
    expect(cleanDraft({ shortcut: '/Hi', title: ' Hello ', body: ' Hi {{contact.first_name}} ' })).toEqual({
      shortcut: 'hi',
      title: 'Hello',
      body: 'Hi {{contact.first_name}}',
    })
  })

  it('says what is missing or malformed', () => {
    expect(draftErrors({ shortcut: '', title: '', body: ' ' })).toEqual({
      shortcut: 'canned.error.shortcutRequired',
      title: 'canned.error.titleRequired',
      body: 'canned.error.bodyRequired',
    })
    expect(draftErrors({ shortcut: 'two words', title: 'x'.repeat(101), body: 'x'.repeat(4097) })).toEqual({
      shortcut: 'canned.error.shortcutFormat',
      title: 'canned.error.titleLong',
      body: 'canned.error.bodyLong',
    })
    expect(draftErrors({ shortcut: 'order-status_2', title: 'Order status', body: 'On its way' })).toEqual({})
  })
})

import { describe, expect, it } from 'vitest'
import { en, type MessageKey } from './en'
import { dictionaries, format } from './languages'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

describe('dictionaries', () => {
  it('translate every key with the same placeholders', () => {
    for (const dictionary of Object.values(dictionaries)) {
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(dictionary[key].trim(), key).not.toBe('')
        expect(placeholders(dictionary[key]), key).toEqual(placeholders(en[key]))
      }
    }
  })
})

describe('format', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(format('{count} unread', { count: 3 })).toBe('3 unread')
    expect(format('{count} of {total}', { count: 1 })).toBe('1 of {total}')
  })
})

import { describe, expect, it } from 'vitest'
import { cellText, contactLabel, fieldValueText } from './display'

describe('cellText', () => {
  it('keeps a cell on one line and cuts long text', () => {
    expect(cellText('a\nb\r\n\tc')).toBe('a b c')
    expect(cellText('x'.repeat(10), 5)).toBe('xxxx…')
    expect(cellText('=HYPERLINK("x")')).toBe('=HYPERLINK("x")')
    expect(cellText(null)).toBe('')
    expect(cellText(['a', 'b'])).toBe('a, b')
    expect(cellText('😀😀😀', 2)).toBe('😀…')
  })
})

describe('fieldValueText', () => {
  it('shows booleans in words and lists joined', () => {
    expect(fieldValueText(true, 'Yes', 'No')).toBe('Yes')
    expect(fieldValueText(false, 'Yes', 'No')).toBe('No')
    expect(fieldValueText(3.5, 'Yes', 'No')).toBe('3.5')
    expect(fieldValueText(['a', 'b'], 'Yes', 'No')).toBe('a, b')
  })
})

describe('contactLabel', () => {
  it('falls back from name to phone to e-mail', () => {
    expect(contactLabel({ name: 'Ana', phone: '+55' })).toBe('Ana')
    expect(contactLabel({ name: ' ', phone: '+55', email: 'a@b' })).toBe('+55')
    expect(contactLabel({ name: '', phone: null, email: 'a@b' })).toBe('a@b')
    expect(contactLabel({ name: '' })).toBe('—')
  })
})

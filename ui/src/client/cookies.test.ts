import { describe, expect, it } from 'vitest'
import { readCookie } from './index'

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('a=1; fluxo_csrf=abc-DEF_1; b=2', 'fluxo_csrf')).toBe('abc-DEF_1')
  })
  it('answers null when the cookie is absent', () => {
    expect(readCookie('a=1; b=2', 'fluxo_csrf')).toBeNull()
    expect(readCookie('', 'fluxo_csrf')).toBeNull()
  })
  it('keeps "=" inside values and decodes them', () => {
    expect(readCookie('fluxo_csrf=a%3Db=c', 'fluxo_csrf')).toBe('a=b=c')
  })
})

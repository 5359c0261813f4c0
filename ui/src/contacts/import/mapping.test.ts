import { describe, expect, it } from 'vitest'
import { initialMapping, isFinished, mappingProblems, progressPercent, splitTags } from './mapping'

describe('initialMapping', () => {
  it('takes the suggestions it knows and ignores the rest', () => {
    const mapping = initialMapping(
      ['Nome', 'Celular', 'Cidade', 'Weird', 'Extra'],
      { Nome: 'name', Celular: 'phone', Cidade: 'custom:city', Weird: 'custom:gone', Extra: 'bogus' },
      ['city'],
    )
    expect(mapping).toEqual({ Nome: 'name', Celular: 'phone', Cidade: 'custom:city', Weird: 'ignore', Extra: 'ignore' })
  })
})

describe('mappingProblems', () => {
  it('accepts one column per field and several tag columns', () => {
    expect(mappingProblems({ a: 'phone', b: 'tags', c: 'tags', d: 'ignore', e: 'ignore' }, [])).toEqual([])
  })

  it('reports duplicates, a missing identifier and unknown custom fields', () => {
    expect(mappingProblems({ a: 'email', b: 'email' }, [])).toEqual([{ kind: 'duplicate', target: 'email', columns: ['a', 'b'] }])
    expect(mappingProblems({ a: 'tags', b: 'country' }, [])).toEqual([{ kind: 'noIdentifier' }])
    expect(mappingProblems({ a: 'name' }, [])).toEqual([])
    expect(mappingProblems({ a: 'phone', b: 'custom:x' }, ['y'])).toEqual([{ kind: 'unknownField', column: 'b', key: 'x' }])
  })
})

describe('progress', () => {
  it('is a whole percentage within bounds', () => {
    expect(progressPercent(0, 0, 'running')).toBe(0)
    expect(progressPercent(1, 3, 'running')).toBe(33)
    expect(progressPercent(5, 3, 'running')).toBe(100)
    expect(progressPercent(-1, 3, 'running')).toBe(0)
    expect(progressPercent(0, 0, 'completed')).toBe(100)
  })

  it('knows which statuses are final', () => {
    expect(isFinished('running')).toBe(false)
    expect(isFinished('uploaded')).toBe(false)
    expect(isFinished('completed')).toBe(true)
    expect(isFinished('failed')).toBe(true)
    expect(isFinished('cancelled')).toBe(true)
  })

  it('splits option tags', () => {
    expect(splitTags(' vip, 2025 ,vip,')).toEqual(['vip', '2025'])
  })
})

import { describe, expect, it } from 'vitest'
import { otherProblems, parseProblems, problemsAt, problemsUnder } from './problems'

describe('parseProblems', () => {
  it('reads the filter problems', () => {
    const problems = parseProblems({
      detail: 'invalid filter',
      problems: [
        { path: 'filter.conditions.0', message: 'no custom field named "x"' },
        { path: 'filter.conditions.0', message: 'second' },
      ],
    })
    expect(problemsAt(problems, 'filter.conditions.0')).toEqual(['no custom field named "x"', 'second'])
    expect(parseProblems({ detail: [{ path: 'filter.conditions.1', message: 'm' }] }).get('filter.conditions.1')).toEqual(['m'])
    expect(parseProblems({ detail: { problems: [{ path: 'p', message: 'm' }] } }).get('p')).toEqual(['m'])
  })

  it('reads FastAPI validation errors without the body prefix', () => {
    const problems = parseProblems({
      detail: [
        { loc: ['body', 'email'], msg: 'Value error, not an e-mail address', type: 'value_error' },
        { loc: ['body', 'custom_fields', 'city'], msg: 'too long', type: 'x' },
      ],
    })
    expect(problemsAt(problems, 'email')).toEqual(['not an e-mail address'])
    expect(problemsUnder(problems, 'custom_fields')).toEqual(['too long'])
    expect(otherProblems(problems, ['email'])).toEqual(['custom_fields.city: too long'])
  })

  it('gives nothing for other bodies', () => {
    expect(parseProblems({ detail: 'no' }).size).toBe(0)
    expect(parseProblems(null).size).toBe(0)
    expect(parseProblems({ detail: [1, { loc: 3 }] }).size).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { canRedo, canUndo, record, redo, startHistory, undo } from './history'

describe('undo history', () => {
  it('steps back and forth, and a new edit drops what was undone', () => {
    let history = record(record(startHistory('a'), 'b'), 'c')
    history = undo(history)
    expect(history.present).toBe('b')
    history = undo(history)
    expect(history.present).toBe('a')
    expect(canUndo(history)).toBe(false)
    history = redo(history)
    expect(history.present).toBe('b')
    history = record(history, 'x')
    expect(canRedo(history)).toBe(false)
    expect(undo(history).present).toBe('b')
  })

  it('merges edits with the same key into one step', () => {
    let history = startHistory('')
    for (const text of ['H', 'He', 'Hel', 'Hello']) history = record(history, text, 'node:a:text')
    history = record(history, 'Hello!', 'node:b:text')
    expect(history.past).toEqual(['', 'Hello'])
    expect(undo(history).present).toBe('Hello')
    expect(undo(undo(history)).present).toBe('')
  })

  it('does not merge across an undo', () => {
    let history = record(startHistory('a'), 'ab', 'k')
    history = record(undo(history), 'ac', 'k')
    expect(history.past).toEqual(['a'])
  })

  it('keeps at most the limit of steps', () => {
    let history = startHistory(0)
    for (let value = 1; value <= 10; value += 1) history = record(history, value, null, 3)
    expect(history.past).toEqual([7, 8, 9])
  })

  it('does nothing when there is nothing to undo or redo', () => {
    const history = startHistory('a')
    expect(undo(history)).toBe(history)
    expect(redo(history)).toBe(history)
  })
})

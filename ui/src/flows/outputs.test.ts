import { describe, expect, it } from 'vitest'
import { nodeTypes, newNode } from './defaults'
import type { NodeType } from './graph'
import { hasInput, outputs } from './outputs'

// The same table as `outputs(node)` in domain/flows.py (tests/domain/test_flows.py checks that side).
const expected: Record<NodeType, string[]> = {
  start: ['next'],
  send_message: ['next'],
  ask_question: ['answered', 'invalid', 'timeout'],
  condition: ['rule_1', 'else'],
  set_field: ['next'],
  tag: ['next'],
  set_variable: ['next'],
  ai_reply: ['next', 'error'],
  ai_classify: ['intent_1', 'fallback'],
  http_request: ['success', 'error'],
  delay: ['next'],
  split: ['a', 'b'],
  jump: [],
  handoff: [],
  end: [],
}

describe('outputs', () => {
  it('names the outputs of every node type as the domain does', () => {
    for (const type of nodeTypes) expect(outputs(newNode(type, 'n', { x: 0, y: 0 })), type).toEqual(expected[type])
  })

  it('follows the rules, intents and branches a node holds, in order', () => {
    const condition = newNode('condition', 'c', { x: 0, y: 0 })
    condition.rules = [
      { id: 'vip', subject: 'tag', name: '', operator: 'has_tag', value: 'vip', keywords: [] },
      { id: 'rule_2', subject: 'message_text', name: '', operator: 'contains', value: 'price', keywords: [] },
    ]
    expect(outputs(condition)).toEqual(['vip', 'rule_2', 'else'])
    const classify = newNode('ai_classify', 'k', { x: 0, y: 0 })
    classify.intents = [
      { id: 'buy', name: 'Buy', description: '' },
      { id: 'support', name: 'Support', description: '' },
    ]
    expect(outputs(classify)).toEqual(['buy', 'support', 'fallback'])
    const split = newNode('split', 's', { x: 0, y: 0 })
    split.branches = [
      { id: 'a', percent: 20 },
      { id: 'b', percent: 30 },
      { id: 'c', percent: 50 },
    ]
    expect(outputs(split)).toEqual(['a', 'b', 'c'])
  })

  it('lets connections land on every step but the start', () => {
    expect(hasInput(newNode('start', 's', { x: 0, y: 0 }))).toBe(false)
    expect(hasInput(newNode('end', 'e', { x: 0, y: 0 }))).toBe(true)
  })
})

describe('kindColor', () => {
  it('colours a step by its palette group', async () => {
    const { kindColor, groupColors } = await import('./defaults')
    expect(kindColor('ask_question')).toBe(groupColors.messages)
    expect(kindColor('ai_classify')).toBe(groupColors.ai)
    expect(kindColor('start')).toBe(groupColors.start)
  })
})

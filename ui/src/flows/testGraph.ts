import { newNode } from './defaults'
import type { FlowGraph } from './graph'

/** A small lead-qualification flow: start → ask e-mail → condition → message / handoff. */
export function sampleGraph(): FlowGraph {
  const ask = newNode('ask_question', 'ask_email', { x: 0, y: 150 })
  ask.prompt = { kind: 'text', text: 'What is your e-mail?' }
  ask.expect = 'email'
  ask.save_to_variable = 'email'
  const check = newNode('condition', 'is_company', { x: 0, y: 300 })
  check.rules = [{ id: 'rule_1', subject: 'variable', name: 'email', operator: 'contains', value: '@acme.com', keywords: [] }]
  const thanks = newNode('send_message', 'thanks', { x: -150, y: 450 })
  thanks.content = { kind: 'text', text: 'Thanks {{contact.name}}!' }
  const human = newNode('handoff', 'human', { x: 150, y: 450 })
  return {
    nodes: [newNode('start', 'start', { x: 0, y: 0 }), ask, check, thanks, human],
    edges: [
      { id: 'e1', source: 'start', source_handle: 'next', target: 'ask_email' },
      { id: 'e2', source: 'ask_email', source_handle: 'answered', target: 'is_company' },
      { id: 'e3', source: 'ask_email', source_handle: 'invalid', target: 'human' },
      { id: 'e4', source: 'is_company', source_handle: 'rule_1', target: 'human' },
      { id: 'e5', source: 'is_company', source_handle: 'else', target: 'thanks' },
    ],
    variables: [{ name: 'plan', default: 'free' }],
  }
}

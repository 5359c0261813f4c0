import { describe, expect, it } from 'vitest'
import { newNode, nodeTypes } from './defaults'
import type { FlowNode } from './graph'
import { triggerErrors, variableErrors } from './settingsValidation'
import { blocksSaving, nodeErrors } from './validation'

const node = <T extends FlowNode['type']>(type: T) => newNode(type, 'n', { x: 0, y: 0 })

describe('nodeErrors', () => {
  it('asks for what a new step must be given before it can be saved', () => {
    const blocking = nodeTypes.filter((type) => blocksSaving(nodeErrors(node(type))))
    expect(blocking).toEqual(['send_message', 'ask_question', 'jump', 'set_field', 'tag', 'set_variable', 'http_request', 'ai_reply', 'ai_classify'])
    expect(nodeErrors(node('send_message'))).toEqual({ 'content.text': { key: 'flows.error.required' } })
  })

  it('checks texts against the schema limits', () => {
    const message = node('send_message')
    message.content = { kind: 'text', text: '   ' }
    expect(nodeErrors(message)['content.text']?.key).toBe('flows.error.required')
    message.content = { kind: 'text', text: 'x'.repeat(4097) }
    expect(nodeErrors(message)['content.text']).toEqual({ key: 'flows.error.tooLong', values: { max: 4096 } })
    message.content = { kind: 'buttons', text: 'Pick', buttons: [{ id: 'a', title: 'A title that is far too long' }] }
    expect(nodeErrors(message)['content.buttons.0.title']?.values).toEqual({ max: 20 })
    message.label = 'l'.repeat(101)
    expect(nodeErrors(message).label?.key).toBe('flows.error.tooLong')
  })

  it('checks numbers, variable names and the split total', () => {
    const ask = node('ask_question')
    ask.prompt = { kind: 'text', text: 'Age?' }
    ask.max_attempts = 11
    ask.timeout_minutes = 0
    ask.save_to_variable = 'Age'
    expect(nodeErrors(ask)).toEqual({
      max_attempts: { key: 'flows.error.range', values: { min: 1, max: 10 } },
      timeout_minutes: { key: 'flows.error.range', values: { min: 1, max: 129600 } },
      save_to_variable: { key: 'flows.error.variableName' },
    })
    const split = node('split')
    split.branches = [
      { id: 'a', percent: 50 },
      { id: 'b', percent: 40 },
    ]
    expect(nodeErrors(split).branches).toEqual({ key: 'flows.error.percentTotal', values: { total: 90 } })
    const delay = node('delay')
    delay.amount = 1.5
    expect(nodeErrors(delay).amount?.key).toBe('flows.error.wholeNumber')
    // A cleared number field holds NaN: the check asks for a value.
    delay.amount = Number.NaN
    expect(nodeErrors(delay).amount?.key).toBe('flows.error.required')
  })

  it('warns of what publishing refuses without blocking the draft', () => {
    const ask = node('ask_question')
    ask.prompt = { kind: 'text', text: 'Pick a plan' }
    ask.expect = 'choice'
    expect(nodeErrors(ask).choices).toEqual({ key: 'flows.error.choicesNeeded', publishOnly: true })
    expect(blocksSaving(nodeErrors(ask))).toBe(false)
    ask.prompt = { kind: 'buttons', text: 'Pick a plan', buttons: [{ id: 'free', title: 'Free' }] }
    expect(nodeErrors(ask).choices).toBeUndefined()

    const http = node('http_request')
    http.url = 'ftp://example.com'
    expect(nodeErrors(http).url).toEqual({ key: 'flows.error.url', publishOnly: true })
    http.url = '{{vars.endpoint}}'
    expect(nodeErrors(http).url).toBeUndefined()

    const condition = node('condition')
    condition.rules = [{ id: 'r', subject: 'variable', name: '', operator: 'any_keyword', value: '', keywords: [] }]
    expect(Object.keys(nodeErrors(condition))).toEqual(['rules.0.name', 'rules.0.keywords'])
    expect(blocksSaving(nodeErrors(condition))).toBe(false)
  })
})

describe('triggers and variables', () => {
  it('needs keywords on a keyword trigger', () => {
    expect(triggerErrors([{ type: 'keyword', keywords: [' '], match: 'exact', channels: [] }, { type: 'manual' }])).toEqual({
      'triggers.0.keywords': { key: 'flows.error.keywordsNeeded' },
    })
    expect(triggerErrors([{ type: 'keyword', keywords: ['oi'], match: 'contains', channels: ['whatsapp'] }])).toEqual({})
  })

  it('needs variable names the schema accepts, once each', () => {
    expect(
      variableErrors([
        { name: 'plan', default: '' },
        { name: 'plan', default: '' },
        { name: '1st', default: '' },
      ]),
    ).toEqual({ 'variables.1.name': { key: 'flows.error.duplicate' }, 'variables.2.name': { key: 'flows.error.variableName' } })
  })
})

import { describe, expect, it } from 'vitest'
import { translator } from '../i18n/languages'
import { flowProblems, problemsByNode, problemText, schemaIssues } from './problems'
import { sampleGraph } from './testGraph'

// Every sentence domain/flow_validation.py writes, as the API sends it.
const serverSentences = [
  'Two nodes share this id.',
  'A flow needs exactly one start.',
  'A connection points to ghost, which is not in the flow.',
  "This step has no output 'maybe'.",
  'One output leads to two steps.',
  'Connect the start to a step.',
  'No path from the start reaches this step.',
  "The variable 'order_id' is used before any step sets it.",
  "The variable 'plan' is not set before this check.",
  'List the accepted answers, or ask with buttons.',
  'Give at least one keyword.',
  'Name the variable or field to check.',
  'The URL must start with https://.',
  'That flow does not exist.',
  'This pattern is not valid, or uses look-ahead, look-behind or back-references, which Fluxo does not run: rewrite it without them.',
  'The flow takes 301 KB; a published flow may take at most 256 KB. This is its largest step: shorten its texts, or move part of the flow into another flow and jump to it.',
]

describe('problemText', () => {
  it('words every problem the API knows in Portuguese, with its values', () => {
    const pt = translator('pt-BR')
    for (const sentence of serverSentences) expect(problemText(sentence, pt), sentence).not.toBe(sentence)
    expect(problemText("The variable 'order_id' is used before any step sets it.", pt)).toBe('A variável “order_id” é usada antes de alguma etapa defini-la.')
    expect(problemText('A connection points to ghost, which is not in the flow.', pt)).toBe('Uma conexão aponta para ghost, que não está no fluxo.')
    expect(problemText(serverSentences.at(-1) ?? '', pt)).toMatch(/^O fluxo ocupa 301 KB; .* no máximo 256 KB\./)
  })

  it('keeps the English meaning, and a sentence it does not know as it came', () => {
    const en = translator('en')
    expect(problemText('Connect the start to a step.', en)).toBe('Connect the start to a step.')
    expect(problemText('Something new the API says.', en)).toBe('Something new the API says.')
  })
})

describe('placing problems', () => {
  it('groups problems by node and keeps the rest for the whole flow', () => {
    const problems = [
      { node_id: 'ask_email', field: 'choices', message: 'a' },
      { node_id: 'ask_email', field: null, message: 'b' },
      { node_id: null, field: null, message: 'c' },
      { node_id: 'deleted', field: null, message: 'd' },
    ]
    expect(problemsByNode(problems).get('ask_email')?.map((problem) => problem.message)).toEqual(['a', 'b'])
    expect(flowProblems(problems, new Set(['ask_email'])).map((problem) => problem.message)).toEqual(['c', 'd'])
  })

  it('maps a schema 422 on the draft to the node and the field as the panel names it', () => {
    const body = {
      detail: [
        { loc: ['body', 'draft', 'nodes', 3, 'send_message', 'content', 'text', 'text'], msg: 'String should have at least 1 character' },
        { loc: ['body', 'draft', 'nodes', 2, 'condition', 'rules', 0, 'value'], msg: 'too long' },
        { loc: ['body', 'triggers', 0, 'keyword', 'keywords'], msg: 'List should have at least 1 item' },
      ],
    }
    expect(schemaIssues(body, sampleGraph())).toEqual([
      { node_id: 'thanks', field: 'content.text', message: 'String should have at least 1 character' },
      { node_id: 'is_company', field: 'rules.0.value', message: 'too long' },
      { node_id: null, field: 'triggers.0.keyword.keywords', message: 'triggers.0.keyword.keywords: List should have at least 1 item' },
    ])
    expect(schemaIssues({ detail: 'Flow not found' }, sampleGraph())).toEqual([])
  })
})

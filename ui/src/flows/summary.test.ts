import { describe, expect, it } from 'vitest'
import { translator } from '../i18n/languages'
import { newNode, nodeTypes } from './defaults'
import { outputs } from './outputs'
import { nodeSummary, outputLabel, shorten } from './summary'
import { sampleGraph } from './testGraph'

const en = translator('en')
const pt = translator('pt-BR')
const context = { triggers: [], flowNames: new Map([['f1', 'Support bot']]), teamNames: new Map([['t1', 'Sales']]) }

describe('node summaries', () => {
  it('shows the text, the question and its expected answer, the rules', () => {
    const [, ask, check, thanks] = sampleGraph().nodes
    if (!ask || !check || !thanks) throw new Error('sample changed')
    expect(nodeSummary(thanks, en, context)).toEqual(['Thanks {{contact.name}}!'])
    expect(nodeSummary(ask, en, context)).toEqual(['What is your e-mail?', 'Answer: E-mail', 'Saves to vars.email'])
    expect(nodeSummary(ask, pt, context)).toEqual(['What is your e-mail?', 'Resposta: E-mail', 'Salva em vars.email'])
    expect(outputLabel(check, 'rule_1', en)).toBe('email contains @acme.com')
    expect(outputLabel(check, 'else', pt)).toBe('Senão')
  })

  it('has something to say for every new step, in both languages', () => {
    for (const type of nodeTypes) {
      const node = newNode(type, 'n', { x: 0, y: 0 })
      for (const t of [en, pt]) {
        expect(nodeSummary(node, t, context).length, type).toBeGreaterThan(0)
        for (const output of outputs(node)) expect(outputLabel(node, output, t), `${type}.${output}`).not.toBe('')
      }
    }
  })

  it('names the flow a jump goes to, the team of a hand-off, the triggers of the start', () => {
    const jump = { ...newNode('jump', 'j', { x: 0, y: 0 }), flow_id: 'f1' }
    expect(nodeSummary(jump, en, context)).toEqual(['Goes to Support bot'])
    const handoff = { ...newNode('handoff', 'h', { x: 0, y: 0 }), team_id: 't1', message: 'One moment' }
    expect(nodeSummary(handoff, en, context)).toEqual(['To the team Sales', 'One moment'])
    const start = newNode('start', 's', { x: 0, y: 0 })
    const triggers = [{ type: 'keyword' as const, keywords: ['oi', 'olá'], match: 'exact' as const, channels: [] }, { type: 'new_contact' as const, channels: [] }]
    expect(nodeSummary(start, pt, { ...context, triggers })).toEqual(['Palavra-chave: oi, olá', 'Primeira mensagem de um contato novo'])
    expect(nodeSummary(start, en, context)).toEqual(['No trigger: started by automations or the API'])
  })

  it('summarises rich messages and waits', () => {
    const menu = newNode('send_message', 'm', { x: 0, y: 0 })
    menu.content = { kind: 'list', text: 'Our plans', button: 'See plans', sections: [{ rows: [{ id: 'a', title: 'Free' }, { id: 'b', title: 'Pro' }] }] }
    expect(nodeSummary(menu, en, context)).toEqual(['Our plans', 'Menu “See plans” with 2 rows'])
    menu.content = { kind: 'buttons', text: 'Sure?', buttons: [{ id: 'y', title: 'Yes' }, { id: 'n', title: 'No' }] }
    expect(nodeSummary(menu, en, context)).toEqual(['Sure?', '[Yes] [No]'])
    const wait = { ...newNode('delay', 'd', { x: 0, y: 0 }), amount: 3, unit: 'days' as const }
    expect(nodeSummary(wait, pt, context)).toEqual(['Aguarda 3 d'])
  })

  it('shortens long texts to one line', () => {
    expect(shorten('a\n b', 10)).toBe('a b')
    expect(shorten('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})

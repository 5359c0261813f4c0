import { describe, expect, it } from 'vitest'
import { fillPlaceholders } from './placeholders'

const values = { contactName: 'Ana Souza', agentName: 'Bruno' }

describe('fillPlaceholders', () => {
  it('fills the contact name, first name and agent name, with or without inner spaces', () => {
    expect(fillPlaceholders('Hi {{contact.first_name}}, this is {{ agent.name }}.', values)).toBe('Hi Ana, this is Bruno.')
    expect(fillPlaceholders('Order for {{contact.name}}', values)).toBe('Order for Ana Souza')
  })

  it('leaves unknown placeholders for the agent to see', () => {
    expect(fillPlaceholders('Code {{order.id}}', values)).toBe('Code {{order.id}}')
  })

  it('leaves no stray space when a name is unknown', () => {
    const unknown = { contactName: '  ', agentName: '' }
    expect(fillPlaceholders('Hi {{contact.first_name}}, welcome!', unknown)).toBe('Hi, welcome!')
    expect(fillPlaceholders('Thanks {{contact.name}}', unknown)).toBe('Thanks')
    expect(fillPlaceholders('Hi {{contact.name}} and welcome', unknown)).toBe('Hi and welcome')
  })
})

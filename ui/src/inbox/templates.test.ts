import { describe, expect, it } from 'vitest'
import type { MessageTemplate } from './api'
import { emptyDraft, headerMedia, missingValues, needsHeaderMedia, renderTemplateText, templateContent, variableCount, variableNames } from './templates'

const template: MessageTemplate = {
  id: 'tpl-1',
  channel_id: 'ch-1',
  name: 'order_update',
  language: 'pt_BR',
  status: 'APPROVED',
  usable: true,
  category: 'UTILITY',
  reason: null,
  updated_at: '2025-01-01T00:00:00Z',
  body_text: 'Olá {{1}}, seu pedido {{2}} saiu para entrega. {{1}}, obrigado!',
  body_variables: 2,
  header_format: 'TEXT',
  header_text: 'Pedido {{1}}',
  header_variables: 1,
  buttons: [
    { index: 0, type: 'URL', text: 'Acompanhar', url: 'https://loja.example/p/{{1}}', variables: 1 },
    { index: 1, type: 'QUICK_REPLY', text: 'Falar com alguém', variables: 0 },
  ],
}

describe('template text', () => {
  it('counts variables by their highest number', () => {
    expect(variableCount(template.body_text ?? '')).toBe(2)
    expect(variableCount('No variables')).toBe(0)
    expect(variableCount('{{ 3 }} only')).toBe(3)
    expect(variableNames('Hi {{first_name}}, order {{order_id}} for {{first_name}}')).toEqual(['first_name', 'order_id'])
  })

  it('fills each variable everywhere it appears and keeps empty ones visible', () => {
    const body = template.body_text ?? ''
    expect(renderTemplateText(body, ['Ana', ' 1234 '])).toBe('Olá Ana, seu pedido 1234 saiu para entrega. Ana, obrigado!')
    expect(renderTemplateText(body, ['Ana'])).toBe('Olá Ana, seu pedido {{2}} saiu para entrega. Ana, obrigado!')
    expect(renderTemplateText('Hi {{first_name}}, order {{order_id}}', ['Ana', '77'])).toBe('Hi Ana, order 77')
  })
})

describe('template draft', () => {
  it('asks for every body, header and URL button variable', () => {
    const draft = emptyDraft(template)
    expect(draft).toEqual({ body: ['', ''], header: [''], headerAttachmentId: null, buttons: { 0: '' } })
    expect(missingValues(template, draft)).toBe(4)
    expect(missingValues(template, { ...draft, body: ['Ana', '1234'], header: ['1234'], buttons: { 0: ' ' } })).toBe(1)
  })

  it('asks for a file when the header is an image, video or document', () => {
    const withImage = { ...template, header_format: 'IMAGE', header_text: null, header_variables: 0, buttons: [] }
    expect(needsHeaderMedia(withImage)).toBe(true)
    expect(headerMedia({ ...template, header_format: 'document' })).toBe('document')
    expect(headerMedia(template)).toBeNull()
    const draft = emptyDraft(withImage)
    expect(draft.header).toEqual([])
    expect(missingValues(withImage, { ...draft, body: ['Ana', '1'] })).toBe(1)
    expect(missingValues(withImage, { ...draft, body: ['Ana', '1'], headerAttachmentId: 'att-1' })).toBe(0)
    expect(templateContent(withImage, { ...draft, body: ['Ana', '1'], headerAttachmentId: 'att-1' }).header_attachment_id).toBe('att-1')
  })

  it('builds the content to send with the rendered body', () => {
    const content = templateContent(template, { body: ['Ana ', '1234'], header: ['1234'], headerAttachmentId: null, buttons: { 0: 'track/1234' } })
    expect(content).toEqual({
      kind: 'template',
      name: 'order_update',
      language: 'pt_BR',
      body_values: ['Ana', '1234'],
      body_parameter_names: [],
      header_text: '1234',
      header_attachment_id: null,
      buttons: [{ sub_type: 'url', index: 0, value: 'track/1234' }],
      rendered: 'Olá Ana, seu pedido 1234 saiu para entrega. Ana, obrigado!',
    })
  })

  it('names each value of a template with named variables', () => {
    const named = { ...template, body_text: 'Oi {{first_name}}, pedido {{order_id}}. {{first_name}}!' }
    const content = templateContent(named, { ...emptyDraft(named), body: ['Ana', '77'] })
    expect(content.body_parameter_names).toEqual(['first_name', 'order_id'])
    expect(content.rendered).toBe('Oi Ana, pedido 77. Ana!')
  })

  it('sends no header for a template whose header has no variable', () => {
    const plain = { ...template, header_text: 'Pedido', header_variables: 0, buttons: [] }
    expect(templateContent(plain, emptyDraft(plain)).header_text).toBeNull()
  })
})

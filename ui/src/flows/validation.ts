import type { FlowsMessageKey } from '../i18n/flows.en'
import { variableNamePattern, type FlowNode, type OutboundContent } from './graph'

// The limits of domain/flows.py and domain/message_content.py, checked as the marketer types,
// so the side panel says what to fix before the API refuses the draft. Field paths are the
// schema's (`content.text`, `rules.0.name`), as the API's problems name them.

export interface FieldError {
  key: FlowsMessageKey
  values?: Record<string, string | number>
  /** Set for what the schema accepts in a draft but publishing refuses: saving goes ahead. */
  publishOnly?: true
}
export type FieldErrors = Record<string, FieldError>

class Checks {
  readonly errors: FieldErrors = {}

  add(field: string, key: FlowsMessageKey, values?: FieldError['values']): void {
    if (!(field in this.errors)) this.errors[field] = values ? { key, values } : { key }
  }

  warn(field: string, key: FlowsMessageKey): void {
    if (!(field in this.errors)) this.errors[field] = { key, publishOnly: true }
  }

  text(field: string, value: string | null | undefined, max: number, required = false): void {
    const text = value ?? ''
    if (required && text.trim() === '') this.add(field, 'flows.error.required')
    else if (text.length > max) this.add(field, 'flows.error.tooLong', { max })
  }

  integer(field: string, value: number | null, min: number, max: number, required = true): void {
    if (value === null || Number.isNaN(value)) {
      if (required || value !== null) this.add(field, 'flows.error.required')
    } else if (!Number.isInteger(value)) this.add(field, 'flows.error.wholeNumber')
    else if (value < min || value > max) this.add(field, 'flows.error.range', { min, max })
  }

  variable(field: string, value: string | null, required = false): void {
    if (value === null || value === '') {
      if (required) this.add(field, 'flows.error.required')
    } else if (!variableNamePattern.test(value)) this.add(field, 'flows.error.variableName')
  }

  count(field: string, length: number, min: number, max: number): void {
    if (length < min) this.add(field, 'flows.error.tooFew', { min })
    else if (length > max) this.add(field, 'flows.error.tooMany', { max })
  }
}

function checkContent(checks: Checks, at: string, content: OutboundContent): void {
  switch (content.kind) {
    case 'text':
      checks.text(`${at}.text`, content.text, 4096, true)
      checks.text(`${at}.subject`, content.subject, 500)
      return
    case 'media':
      if (!content.attachment_id) checks.warn(`${at}.attachment_id`, 'flows.error.uploadFile')
      checks.text(`${at}.caption`, content.caption, 1024)
      return
    case 'buttons':
      checks.text(`${at}.text`, content.text, 1024, true)
      checks.count(`${at}.buttons`, content.buttons.length, 1, 3)
      content.buttons.forEach((button, index) => checks.text(`${at}.buttons.${index}.title`, button.title, 20, true))
      return
    case 'list': {
      checks.text(`${at}.text`, content.text, 4096, true)
      checks.text(`${at}.button`, content.button, 20, true)
      const rows = content.sections.flatMap((section) => section.rows)
      checks.count(`${at}.sections`, rows.length, 1, 10)
      content.sections.forEach((section, s) =>
        section.rows.forEach((row, r) => {
          checks.text(`${at}.sections.${s}.rows.${r}.title`, row.title, 24, true)
          checks.text(`${at}.sections.${s}.rows.${r}.description`, row.description, 72)
        }),
      )
      return
    }
    case 'template':
      checks.text(`${at}.name`, content.name, 512, true)
      if (content.language.length < 2 || content.language.length > 15) checks.add(`${at}.language`, 'flows.error.languageCode')
      return
  }
}

function checkNode(checks: Checks, node: FlowNode): void {
  switch (node.type) {
    case 'send_message':
      return checkContent(checks, 'content', node.content)
    case 'ask_question':
      checkContent(checks, 'prompt', node.prompt)
      if (node.expect === 'choice' && node.choices.length === 0 && node.prompt.kind !== 'buttons') {
        checks.warn('choices', 'flows.error.choicesNeeded')
      }
      checks.count('choices', node.choices.length, 0, 10)
      checks.variable('save_to_variable', node.save_to_variable)
      checks.text('save_to_field', node.save_to_field, 64)
      checks.text('retry_message', node.retry_message, 1000)
      checks.integer('max_attempts', node.max_attempts, 1, 10)
      checks.integer('timeout_minutes', node.timeout_minutes, 1, 60 * 24 * 90, false)
      return
    case 'condition':
      checks.count('rules', node.rules.length, 1, 20)
      node.rules.forEach((rule, index) => {
        if ((rule.subject === 'variable' || rule.subject === 'contact_field') && !rule.name.trim()) {
          checks.warn(`rules.${index}.name`, 'flows.error.nameNeeded')
        }
        checks.text(`rules.${index}.name`, rule.name, 64)
        checks.text(`rules.${index}.value`, rule.value, 500)
        if (rule.operator === 'any_keyword' && rule.keywords.length === 0) checks.warn(`rules.${index}.keywords`, 'flows.error.keywordsNeeded')
        checks.count(`rules.${index}.keywords`, rule.keywords.length, 0, 50)
      })
      return
    case 'set_field':
      checks.text('field', node.field, 64, true)
      checks.text('value', node.value, 1000)
      return
    case 'tag':
      checks.text('tag', node.tag, 50, true)
      return
    case 'set_variable':
      checks.variable('name', node.name, true)
      checks.text('value', node.value, 2000)
      return
    case 'ai_reply':
      checks.text('system_prompt', node.system_prompt, 8000, true)
      checks.text('knowledge', node.knowledge, 50000)
      checks.integer('history_messages', node.history_messages, 0, 50)
      checks.variable('save_to_variable', node.save_to_variable)
      return
    case 'ai_classify':
      checks.text('text', node.text, 2000)
      checks.count('intents', node.intents.length, 1, 20)
      node.intents.forEach((intent, index) => {
        checks.text(`intents.${index}.name`, intent.name, 60, true)
        checks.text(`intents.${index}.description`, intent.description, 500)
      })
      checks.variable('save_to_variable', node.save_to_variable)
      return
    case 'http_request':
      checks.text('url', node.url, 2000, true)
      if (node.url.trim() && !/^(https?:\/\/|\{\{)/.test(node.url)) checks.warn('url', 'flows.error.url')
      checks.text('body', node.body, 20000)
      checks.integer('timeout_seconds', node.timeout_seconds, 1, 30)
      if (Object.keys(node.headers).some((name) => !name.trim())) checks.add('headers', 'flows.error.headerName')
      Object.entries(node.save_response).forEach(([name, path]) => {
        checks.variable(`save_response.${name}`, name, true)
        checks.text(`save_response.${name}`, path, 200, true)
      })
      return
    case 'delay':
      checks.integer('amount', node.amount, 1, 10000)
      return
    case 'split': {
      checks.count('branches', node.branches.length, 2, 10)
      node.branches.forEach((branch, index) => checks.integer(`branches.${index}.percent`, branch.percent, 0, 100))
      const total = node.branches.reduce((sum, branch) => sum + (Number.isNaN(branch.percent) ? 0 : branch.percent), 0)
      if (total !== 100) checks.add('branches', 'flows.error.percentTotal', { total })
      return
    }
    case 'jump':
      if (!node.flow_id) checks.add('flow_id', 'flows.error.chooseFlow')
      return
    case 'handoff':
      checks.text('message', node.message, 1000)
      return
    case 'start':
    case 'end':
      return
  }
}

/** What is wrong with this node's properties, by field path; empty when it may be saved. */
export function nodeErrors(node: FlowNode): FieldErrors {
  const checks = new Checks()
  checks.text('label', node.label, 100)
  checkNode(checks, node)
  return checks.errors
}

/** Whether the API would refuse to save a draft holding this node. */
export function blocksSaving(errors: FieldErrors): boolean {
  return Object.values(errors).some((error) => !error.publishOnly)
}

import type { Translate } from '../i18n/languages'
import type { ConditionRule, FlowNode, FlowTrigger, OutboundContent } from './graph'

// What a node card shows of its content: a line or two, so a flow reads at a glance.

export interface SummaryContext {
  triggers: readonly FlowTrigger[]
  flowNames: ReadonlyMap<string, string>
  teamNames: ReadonlyMap<string, string>
}

const maxLength = 90

export function shorten(text: string, max = maxLength): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

export function contentSummary(content: OutboundContent, t: Translate): string[] {
  switch (content.kind) {
    case 'text':
      return [shorten(content.text)]
    case 'media':
      return [t('flows.summary.media', { type: t(`flows.media.${content.media_type}`), name: content.filename ?? content.caption ?? '' }).trim()]
    case 'buttons':
      return [shorten(content.text), content.buttons.map((button) => `[${button.title}]`).join(' ')]
    case 'list': {
      const rows = content.sections.reduce((sum, section) => sum + section.rows.length, 0)
      return [shorten(content.text), t('flows.summary.list', { button: content.button, count: rows })]
    }
    case 'template':
      return [t('flows.summary.template', { name: content.name, language: content.language })]
  }
}

export function ruleSummary(rule: ConditionRule, t: Translate): string {
  const subject = rule.subject === 'message_text' || !rule.name ? t(`flows.subject.${rule.subject}`) : rule.name
  const operand = rule.operator === 'any_keyword' ? rule.keywords.join(', ') : ['is_set', 'is_not_set'].includes(rule.operator) ? '' : rule.value
  return shorten(`${subject} ${t(`flows.operator.${rule.operator}`)} ${operand}`, 40)
}

function triggerSummary(trigger: FlowTrigger, t: Translate): string {
  if (trigger.type === 'keyword') return t('flows.summary.keyword', { keywords: shorten(trigger.keywords.join(', '), 50) })
  return t(`flows.trigger.${trigger.type}`)
}

function nodeLines(node: FlowNode, t: Translate, context: SummaryContext): string[] {
  switch (node.type) {
    case 'start':
      return context.triggers.length ? context.triggers.map((trigger) => triggerSummary(trigger, t)) : [t('flows.summary.noTriggers')]
    case 'send_message':
      return contentSummary(node.content, t)
    case 'ask_question': {
      const target = node.save_to_variable ? `vars.${node.save_to_variable}` : node.save_to_field ? `contact.${node.save_to_field}` : null
      return [
        ...contentSummary(node.prompt, t),
        t('flows.summary.expects', { kind: t(`flows.expect.${node.expect}`) }),
        ...(target ? [t('flows.summary.savesTo', { target })] : []),
      ]
    }
    case 'condition':
      return [t('flows.summary.rules', { count: node.rules.length })]
    case 'set_field':
      return [`${node.field || '…'} = ${shorten(node.value, 60)}`]
    case 'tag':
      return [t(node.action === 'add' ? 'flows.summary.tagAdd' : 'flows.summary.tagRemove', { tag: node.tag || '…' })]
    case 'set_variable':
      return [`vars.${node.name || '…'} = ${shorten(node.value, 60)}`]
    case 'ai_reply':
      return [
        shorten(node.system_prompt),
        node.send_to_contact ? t('flows.summary.aiToContact') : t('flows.summary.savesTo', { target: `vars.${node.save_to_variable ?? '…'}` }),
      ]
    case 'ai_classify':
      return [t('flows.summary.classify', { text: shorten(node.text, 50) })]
    case 'http_request':
      return [`${node.method} ${shorten(node.url, 70)}`]
    case 'delay':
      return [t('flows.summary.delay', { amount: node.amount, unit: t(`flows.unitShort.${node.unit}`) })]
    case 'split':
      return [node.branches.map((branch) => `${branch.percent}%`).join(' / ')]
    case 'jump':
      return [node.flow_id ? t('flows.summary.jump', { name: context.flowNames.get(node.flow_id) ?? node.flow_id }) : t('flows.summary.jumpNone')]
    case 'handoff':
      return [
        node.team_id ? t('flows.summary.handoffTeam', { team: context.teamNames.get(node.team_id) ?? node.team_id }) : t('flows.summary.handoffAny'),
        ...(node.message ? [shorten(node.message)] : []),
      ]
    case 'end':
      return [t('flows.summary.end')]
  }
}

/** The card's lines; a line with nothing to say yet reads "Not set up yet". */
export function nodeSummary(node: FlowNode, t: Translate, context: SummaryContext): string[] {
  const lines = nodeLines(node, t, context).filter((line) => line.trim() !== '')
  return lines.length ? lines : [t('flows.summary.empty')]
}

/** The label of an output handle: a named branch, a rule, an intent or a split branch. */
export function outputLabel(node: FlowNode, output: string, t: Translate): string {
  if (node.type === 'condition') {
    const rule = node.rules.find((candidate) => candidate.id === output)
    if (rule) return ruleSummary(rule, t)
  }
  if (node.type === 'ai_classify') {
    const intent = node.intents.find((candidate) => candidate.id === output)
    if (intent) return intent.name || output
  }
  if (node.type === 'split') {
    const branch = node.branches.find((candidate) => candidate.id === output)
    if (branch) return `${branch.id.toUpperCase()} · ${branch.percent}%`
  }
  switch (output) {
    case 'next':
    case 'answered':
    case 'invalid':
    case 'timeout':
    case 'error':
    case 'success':
    case 'else':
    case 'fallback':
      return t(`flows.output.${output}`)
    default:
      return output
  }
}

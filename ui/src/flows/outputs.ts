import { NEXT, type FlowNode } from './graph'

/** The named outputs edges may leave a node from: `outputs(node)` of domain/flows.py. */
export function outputs(node: FlowNode): string[] {
  switch (node.type) {
    case 'ask_question':
      return ['answered', 'invalid', 'timeout']
    case 'condition':
      return [...node.rules.map((rule) => rule.id), 'else']
    case 'ai_reply':
      return [NEXT, 'error']
    case 'http_request':
      return ['success', 'error']
    case 'ai_classify':
      return [...node.intents.map((intent) => intent.id), 'fallback']
    case 'split':
      return node.branches.map((branch) => branch.id)
    case 'jump':
    case 'handoff':
    case 'end':
      return []
    default:
      return [NEXT]
  }
}

/** Whether edges may land on the node: every node but the start. */
export function hasInput(node: FlowNode): boolean {
  return node.type !== 'start'
}

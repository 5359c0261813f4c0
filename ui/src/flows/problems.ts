import type { FlowsMessageKey } from '../i18n/flows.en'
import type { Translate } from '../i18n/languages'
import type { FlowGraph, FlowProblem } from './graph'

// The problems the API finds in a draft (GET, PUT, publish 422), placed on the node and field
// they concern, and worded in the user's language when the sentence is one we know.

const known: readonly [RegExp, FlowsMessageKey][] = [
  [/^Two nodes share this id\.$/, 'flows.problem.duplicateId'],
  [/^A flow needs exactly one start\.$/, 'flows.problem.oneStart'],
  [/^A connection points to (?<id>.+), which is not in the flow\.$/, 'flows.problem.danglingEdge'],
  [/^This step has no output '(?<output>.*)'\.$/, 'flows.problem.unknownOutput'],
  [/^One output leads to two steps\.$/, 'flows.problem.outputTwice'],
  [/^Connect the start to a step\.$/, 'flows.problem.connectStart'],
  [/^No path from the start reaches this step\.$/, 'flows.problem.unreachable'],
  [/^The variable '(?<name>.*)' is used before any step sets it\.$/, 'flows.problem.variableUnset'],
  [/^The variable '(?<name>.*)' is not set before this check\.$/, 'flows.problem.variableUnsetCheck'],
  [/^List the accepted answers, or ask with buttons\.$/, 'flows.error.choicesNeeded'],
  [/^Give at least one keyword\.$/, 'flows.error.keywordsNeeded'],
  [/^Name the variable or field to check\.$/, 'flows.error.nameNeeded'],
  [/^The URL must start with https:\/\/\.$/, 'flows.error.url'],
  [/^That flow does not exist\.$/, 'flows.problem.unknownFlow'],
  [
    /^The flow takes (?<size>\d+) KB; a published flow may take at most (?<max>\d+) KB\. This is its largest step: shorten its texts, or move part of the flow into another flow and jump to it\.$/,
    'flows.problem.tooLarge',
  ],
  [
    /^This pattern is not valid, or uses look-ahead, look-behind or back-references, which Fluxo does not run: rewrite it without them\.$/,
    'flows.problem.patternUnsafe',
  ],
]

/** The problem in the user's language; a sentence this UI does not know stays as the API wrote it. */
export function problemText(message: string, t: Translate): string {
  for (const [pattern, key] of known) {
    const match = pattern.exec(message)
    if (match) return t(key, match.groups ?? {})
  }
  return message
}

/** Problems by the node they concern. */
export function problemsByNode(problems: readonly FlowProblem[]): Map<string, FlowProblem[]> {
  const byNode = new Map<string, FlowProblem[]>()
  for (const problem of problems) {
    if (problem.node_id === null) continue
    byNode.set(problem.node_id, [...(byNode.get(problem.node_id) ?? []), problem])
  }
  return byNode
}

/** Problems of the whole flow, or of a node that is no longer on the canvas: shown above it. */
export function flowProblems(problems: readonly FlowProblem[], nodeIds: ReadonlySet<string>): FlowProblem[] {
  return problems.filter((problem) => problem.node_id === null || !nodeIds.has(problem.node_id))
}

const contentKinds: ReadonlySet<string | number> = new Set(['text', 'media', 'buttons', 'list', 'template'])

function fieldPath(steps: readonly (string | number)[], nodeType: string): (string | number)[] {
  const path = steps[0] === nodeType ? steps.slice(1) : [...steps]
  const content = path[0] === 'content' || path[0] === 'prompt'
  if (content && path[1] !== undefined && contentKinds.has(path[1])) path.splice(1, 1)
  return path
}

/** One FastAPI validation error: where (`loc`) and what (`msg`). */
export interface ValidationIssue {
  loc: (string | number)[]
  msg: string
}

function isIssue(value: unknown): value is ValidationIssue {
  return typeof value === 'object' && value !== null && 'loc' in value && Array.isArray(value.loc) && 'msg' in value && typeof value.msg === 'string'
}

/**
 * A 422 on saving (a draft the schema refuses) as problems on nodes. Pydantic's path goes through
 * the discriminator of each union (`nodes.3.send_message.content.text.text`); those steps are
 * dropped so the field reads as the side panel names it (`content.text`).
 */
export function schemaIssues(body: unknown, graph: FlowGraph): FlowProblem[] {
  const detail = typeof body === 'object' && body !== null && 'detail' in body ? body.detail : null
  if (!Array.isArray(detail)) return []
  return detail.filter(isIssue).map((issue) => {
    const path = issue.loc[0] === 'body' ? issue.loc.slice(1) : issue.loc
    const [document, collection, index, ...rest] = path
    const node = document === 'draft' && collection === 'nodes' && typeof index === 'number' ? graph.nodes[index] : undefined
    if (!node) return { node_id: null, field: path.join('.'), message: `${path.join('.')}: ${issue.msg}` }
    const field = fieldPath(rest, node.type)
    return { node_id: node.id, field: field.join('.') || null, message: issue.msg }
  })
}

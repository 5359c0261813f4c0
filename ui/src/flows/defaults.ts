import type { NodeOfType, NodeType, Position } from './graph'

/** The palette: every node type a marketer may add, in groups, in the order shown. */
export const paletteGroups: readonly { group: 'messages' | 'logic' | 'data' | 'ai' | 'finish'; types: readonly NodeType[] }[] = [
  { group: 'messages', types: ['send_message', 'ask_question'] },
  { group: 'logic', types: ['condition', 'split', 'delay', 'jump'] },
  { group: 'data', types: ['set_field', 'tag', 'set_variable', 'http_request'] },
  { group: 'ai', types: ['ai_reply', 'ai_classify'] },
  { group: 'finish', types: ['handoff', 'end'] },
]

/** Each palette group's accent (the cards' top border, the minimap); flows.css uses the same. */
export const groupColors = { start: '#1f9d61', messages: '#4f46e5', logic: '#d97706', data: '#0891b2', ai: '#a21caf', finish: '#64748b' } as const

export function kindColor(type: string | undefined): string {
  const group = paletteGroups.find((candidate) => candidate.types.some((member) => member === type))?.group
  return group ? groupColors[group] : groupColors.start
}

export const nodeTypes: readonly NodeType[] = ['start', ...paletteGroups.flatMap((group) => group.types)]

export function isNodeType(value: string): value is NodeType {
  return nodeTypes.some((type) => type === value)
}

type Config<T extends NodeType> = Omit<NodeOfType<T>, 'id' | 'position' | 'label' | 'type'>

// What a node holds when it is dropped on the canvas: the schema's defaults, and empty texts
// where the marketer must write something (the side panel then asks for them).
const configs: { [T in NodeType]: () => Config<T> } = {
  start: () => ({}),
  send_message: () => ({ content: { kind: 'text', text: '' } }),
  ask_question: () => ({
    prompt: { kind: 'text', text: '' },
    expect: 'text',
    choices: [],
    save_to_variable: null,
    save_to_field: null,
    retry_message: '',
    max_attempts: 3,
    timeout_minutes: null,
  }),
  condition: () => ({
    rules: [{ id: 'rule_1', subject: 'message_text', name: '', operator: 'contains', value: '', keywords: [] }],
  }),
  set_field: () => ({ field: '', value: '' }),
  tag: () => ({ action: 'add', tag: '' }),
  set_variable: () => ({ name: '', value: '' }),
  ai_reply: () => ({ system_prompt: '', knowledge: '', history_messages: 10, send_to_contact: true, save_to_variable: null }),
  ai_classify: () => ({
    text: '{{message.text}}',
    intents: [{ id: 'intent_1', name: '', description: '' }],
    save_to_variable: null,
  }),
  http_request: () => ({ method: 'GET', url: '', headers: {}, body: null, timeout_seconds: 10, save_response: {} }),
  delay: () => ({ amount: 1, unit: 'minutes' }),
  split: () => ({
    branches: [
      { id: 'a', percent: 50 },
      { id: 'b', percent: 50 },
    ],
  }),
  jump: () => ({ flow_id: '' }),
  handoff: () => ({ team_id: null, message: '' }),
  end: () => ({}),
}

/** A new node of this type with its defaults. */
export function newNode<T extends NodeType>(type: T, id: string, position: Position): NodeOfType<T> {
  const config: Config<T> = configs[type]()
  return { ...config, id, type, position, label: '' } as NodeOfType<T>
}


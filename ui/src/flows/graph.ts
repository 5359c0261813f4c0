import type { components } from '../client/schema'

// The flow graph of `domain/flows.py`, from the generated OpenAPI types. The wire types leave
// optional every field that has a default; the server always sends them filled, and the builder
// always writes them all, so here each node, rule, trigger and problem has every field
// (`Filled`). The API module fills any field the server left out (`normalize.ts`).

type Schemas = components['schemas']
/** Every field present; distributes over unions so each node type keeps its own fields. */
type Filled<T> = T extends unknown ? { [K in keyof T]-?: Exclude<T[K], undefined> } : never

export type TextContent = Schemas['TextContent']
export type MediaContent = Schemas['MediaContent']
export type ButtonsContent = Schemas['ButtonsContent']
export type ListContent = Schemas['ListContent']
export type TemplateContent = Schemas['TemplateContent']
export type OutboundContent = TextContent | MediaContent | ButtonsContent | ListContent | TemplateContent
export type ContentKind = OutboundContent['kind']
export type ChannelKind = Schemas['ChannelKind']

export type Position = Filled<Schemas['Position']>

type WireNode = NonNullable<Schemas['FlowGraph']['nodes']>[number]
type Node<T> = Omit<Filled<T>, 'position'> & { position: Position }

export type StartNode = Node<Schemas['StartNode']>
export type SendMessageNode = Node<Schemas['SendMessageNode']>
export type AskQuestionNode = Node<Schemas['AskQuestionNode']>
export type AnswerKind = AskQuestionNode['expect']
export type ConditionRule = Filled<Schemas['ConditionRule']>
export type ConditionSubject = ConditionRule['subject']
export type ConditionOperator = ConditionRule['operator']
export type ConditionNode = Omit<Node<Schemas['ConditionNode']>, 'rules'> & { rules: ConditionRule[] }
export type SetFieldNode = Node<Schemas['SetFieldNode']>
export type TagNode = Node<Schemas['TagNode']>
export type SetVariableNode = Node<Schemas['SetVariableNode']>
export type AiReplyNode = Node<Schemas['AiReplyNode']>
export type Intent = Filled<Schemas['Intent']>
export type AiClassifyNode = Omit<Node<Schemas['AiClassifyNode']>, 'intents'> & { intents: Intent[] }
export type HttpRequestNode = Node<Schemas['HttpRequestNode']>
export type HttpMethod = HttpRequestNode['method']
export type DelayNode = Node<Schemas['DelayNode']>
export type DelayUnit = DelayNode['unit']
export type SplitNode = Node<Schemas['SplitNode']>
export type JumpNode = Node<Schemas['JumpNode']>
export type HandoffNode = Node<Schemas['HandoffNode']>
export type EndNode = Node<Schemas['EndNode']>

export type FlowNode =
  | StartNode
  | SendMessageNode
  | AskQuestionNode
  | ConditionNode
  | SetFieldNode
  | TagNode
  | SetVariableNode
  | AiReplyNode
  | AiClassifyNode
  | HttpRequestNode
  | DelayNode
  | SplitNode
  | JumpNode
  | HandoffNode
  | EndNode

export type NodeType = FlowNode['type']
export type NodeOfType<T extends NodeType> = Extract<FlowNode, { type: T }>

// The type check fails here when the API gains a node type this list does not name.
type MissingNodeType = Exclude<WireNode['type'], NodeType>
const everyNodeTypeListed: [MissingNodeType] extends [never] ? true : false = true
void everyNodeTypeListed

export type FlowEdge = Filled<Schemas['FlowEdge']>
export type FlowVariable = Filled<Schemas['FlowVariable']>
export type FlowGraph = { nodes: FlowNode[]; edges: FlowEdge[]; variables: FlowVariable[] }

export type FlowTrigger = Filled<Schemas['FlowPublic']['triggers'][number]>
export type TriggerType = FlowTrigger['type']

/** What publishing checks found, on a node (and a field of it) or on the whole flow. */
export type FlowProblem = Filled<Schemas['FlowProblem']>

/** The default output name (`NEXT` in domain/flows.py). */
export const NEXT = 'next'

/** The patterns of `NodeId` and `VariableName` in domain/flows.py. */
export const nodeIdPattern = /^[A-Za-z0-9_-]{1,64}$/
export const variableNamePattern = /^[a-z][a-z0-9_]{0,39}$/

export const channelKinds: readonly ChannelKind[] = ['webchat', 'whatsapp', 'email', 'sms']

import type { paths } from './schema'

// Derived from paths rather than component names, so a renamed schema model in the backend
// does not break the UI as long as the route's shape stays the same.
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs }
  ? JsonBody<Rs[200 & keyof Rs]> | JsonBody<Rs[202 & keyof Rs]>
  : never

export type Me = Ok<paths['/api/auth/me']['get']>
export type Conversation = Ok<paths['/api/conversations/{conversation_id}']['get']>
export type Message = Ok<paths['/api/conversations/{conversation_id}/messages']['post']>
export type MessageStatus = Message['status']
export type Channel = Ok<paths['/api/channels']['get']>['data'][number]
export type WidgetSession = Ok<paths['/api/widget/{public_key}/sessions']['post']>
export type WidgetSessionRequest =
  paths['/api/widget/{public_key}/sessions']['post']['requestBody'] extends { content: { 'application/json': infer T } } | undefined
    ? T
    : never
export type WidgetMessageRequest =
  paths['/api/widget/{public_key}/messages']['post']['requestBody'] extends { content: { 'application/json': infer T } } | undefined
    ? T
    : never
export type WidgetMessageAccepted = Ok<paths['/api/widget/{public_key}/messages']['post']>
export type WidgetMessages = Ok<paths['/api/widget/{public_key}/messages']['get']>

/** Frames pushed on /api/ws. WebSockets are not part of OpenAPI, so only the envelope is declared here. */
export type InboxEvent =
  | { type: 'message'; message: Message }
  | { type: 'conversation'; conversation: Conversation }

/** Frames pushed on /api/widget/{public_key}/ws. */
export type WidgetEvent = { type: 'message'; message: Message }

import type { paths } from './schema'

// Derived from paths rather than component names, so a renamed schema model in the backend
// does not break the UI as long as the route's shape stays the same.
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs }
  ? JsonBody<Rs[200 & keyof Rs]> | JsonBody<Rs[201 & keyof Rs]> | JsonBody<Rs[202 & keyof Rs]>
  : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type Me = Ok<paths['/api/auth/me']['get']>
export type Role = Me['role']
export type Permission = Me['permissions'][number]
export type WorkspaceMembership = Ok<paths['/api/auth/workspaces']['get']>['data'][number]
export type SignupRequest = Body<paths['/api/auth/signup']['post']>
export type Profile = Ok<paths['/api/account/profile']['get']>
export type Member = Ok<paths['/api/team/members']['get']>['data'][number]
export type Invitation = Ok<paths['/api/team/invitations']['get']>['data'][number]
export type InvitationPreview = Ok<paths['/api/invitations/{token}']['get']>
export type ApiKey = Ok<paths['/api/api-keys']['get']>['data'][number]
export type CreatedApiKey = Ok<paths['/api/api-keys']['post']>
export type AuditEvent = Ok<paths['/api/audit-events']['get']>['data'][number]
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

/** Frames pushed on /api/widget/{public_key}/ws. */
export type WidgetEvent = { type: 'message'; message: Message }

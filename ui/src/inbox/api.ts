import { api } from '../client'
import type { paths } from '../client/schema'
import type { Conversation, Message } from '../client/types'
import type { ContactDetail } from '../contacts/types'

// Every inbox request goes through this module, so the rest of the inbox names no path and no
// request shape. Types come from the generated OpenAPI paths (see client/types.ts).
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs }
  ? JsonBody<Rs[200 & keyof Rs]> | JsonBody<Rs[201 & keyof Rs]> | JsonBody<Rs[202 & keyof Rs]>
  : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type { Conversation, Message }
export type ConversationStatus = Conversation['status']
export type ChannelKind = Conversation['channel_kind']
export type ConversationMode = Conversation['mode']
export type MessageStatus = Message['status']
export type MessageContent = NonNullable<Message['content']>
export type ContentKind = MessageContent['kind']
export type ContentOf<K extends ContentKind> = Extract<MessageContent, { kind: K }>
export type MediaType = ContentOf<'media'>['media_type']
export type TemplateContent = ContentOf<'template'>
export type TemplateButtonValue = NonNullable<TemplateContent['buttons']>[number]
export type Contact = ContactDetail

export type ConversationQuery = Query<paths['/api/conversations']['get']>
export type ConversationPage = Ok<paths['/api/conversations']['get']>
export type ConversationCounts = Ok<paths['/api/conversations/counts']['get']>
/** Absent fields stay as they are; null clears. */
export type ConversationPatch = Body<paths['/api/conversations/{conversation_id}']['patch']>
export type LabelCount = Ok<paths['/api/conversation-labels']['get']>['data'][number]
export type ConversationNote = Ok<paths['/api/conversations/{conversation_id}/notes']['get']>['data'][number]
export type CannedResponse = Ok<paths['/api/canned-responses']['get']>['data'][number]
export type CannedResponseDraft = Body<paths['/api/canned-responses']['post']>
export type InboxTeam = Ok<paths['/api/inbox-teams']['get']>['data'][number]
export type InboxAgent = Ok<paths['/api/inbox/agents']['get']>['data'][number]
export type UploadedAttachment = Ok<paths['/api/attachments']['post']>
export type MessageTemplate = Ok<paths['/api/channels/{channel_id}/templates']['get']>['data'][number]
export type TemplateButton = NonNullable<MessageTemplate['buttons']>[number]
export type Reply = Body<paths['/api/conversations/{conversation_id}/messages']['post']>
export type OutboundContent = NonNullable<Reply['content']>

const inConversation = (conversationId: string) => ({ path: { conversation_id: conversationId } })
const cannedResponse = (id: string) => ({ path: { canned_response_id: id } })

export const inboxApi = {
  listConversations: (query: ConversationQuery) => api.GET('/api/conversations', { params: { query } }),
  counts: () => api.GET('/api/conversations/counts'),
  markRead: (conversationId: string) => api.POST('/api/conversations/{conversation_id}/read', { params: inConversation(conversationId) }),
  messages: (conversationId: string) => api.GET('/api/conversations/{conversation_id}/messages', { params: inConversation(conversationId) }),
  send: (conversationId: string, reply: Reply) =>
    api.POST('/api/conversations/{conversation_id}/messages', { params: inConversation(conversationId), body: reply }),
  update: (conversationId: string, patch: ConversationPatch) =>
    api.PATCH('/api/conversations/{conversation_id}', { params: inConversation(conversationId), body: patch }),
  setLabels: (conversationId: string, labels: string[]) =>
    api.PUT('/api/conversations/{conversation_id}/labels', { params: inConversation(conversationId), body: { labels } }),
  labels: () => api.GET('/api/conversation-labels'),
  notes: (conversationId: string) => api.GET('/api/conversations/{conversation_id}/notes', { params: inConversation(conversationId) }),
  addNote: (conversationId: string, body: string) =>
    api.POST('/api/conversations/{conversation_id}/notes', { params: inConversation(conversationId), body: { body } }),
  cannedResponses: (q?: string) => api.GET('/api/canned-responses', { params: { query: q ? { q } : {} } }),
  createCannedResponse: (draft: CannedResponseDraft) => api.POST('/api/canned-responses', { body: draft }),
  updateCannedResponse: (id: string, draft: Partial<CannedResponseDraft>) =>
    api.PATCH('/api/canned-responses/{canned_response_id}', { params: cannedResponse(id), body: draft }),
  deleteCannedResponse: (id: string) => api.DELETE('/api/canned-responses/{canned_response_id}', { params: cannedResponse(id) }),
  teams: () => api.GET('/api/inbox-teams'),
  agents: () => api.GET('/api/inbox/agents'),
  upload: (file: File) =>
    api.POST('/api/attachments', {
      // The typed body only names the part; the request itself is the multipart form below.
      body: { file: file.name },
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file)
        return form
      },
    }),
  templates: (channelId: string) => api.GET('/api/channels/{channel_id}/templates', { params: { path: { channel_id: channelId } } }),
  contact: (contactId: string) => api.GET('/api/contacts/{contact_id}', { params: { path: { contact_id: contactId } } }),
}

/** Where the browser fetches a stored attachment (the session cookie authorises it). */
export function attachmentUrl(attachmentId: string): string {
  return `/api/attachments/${encodeURIComponent(attachmentId)}`
}

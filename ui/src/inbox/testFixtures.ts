// Builders for the inbox's unit tests (not imported by the app).
import type { Conversation, ConversationNote, Message } from './api'

export function conversation(id: string, lastMessageAt: string | null, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    channel_id: 'ch-1',
    channel_kind: 'webchat',
    contact_id: `contact-${id}`,
    contact_key: `visitor-${id}`,
    contact_name: `Visitor ${id}`,
    status: 'open',
    mode: 'human',
    labels: [],
    unread_count: 0,
    last_message_preview: '',
    last_message_at: lastMessageAt,
    created_at: '2025-01-01T00:00:00Z',
    workflow_id: `conversation-${id}`,
    ...extra,
  }
}

export function message(id: string, createdAt: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'c-1',
    direction: 'outbound',
    text: `text ${id}`,
    status: 'queued',
    client_message_id: `client-${id}`,
    author_user_id: null,
    created_at: createdAt,
    ...extra,
  }
}

export function note(id: string, createdAt: string, extra: Partial<ConversationNote> = {}): ConversationNote {
  return {
    id,
    conversation_id: 'c-1',
    author_user_id: 'u-1',
    author_name: 'Ana',
    body: `note ${id}`,
    created_at: createdAt,
    ...extra,
  }
}

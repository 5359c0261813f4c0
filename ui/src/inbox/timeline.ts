import type { ConversationNote, Message } from './api'

export type ThreadItem = { kind: 'message'; message: Message; at: number } | { kind: 'note'; note: ConversationNote; at: number }

/**
 * Messages and private notes in one column, oldest first. A note written at the same instant as
 * a message comes after it: it is usually about that message.
 */
export function threadItems(messages: readonly Message[], notes: readonly ConversationNote[]): ThreadItem[] {
  const items: ThreadItem[] = [
    ...messages.map((message): ThreadItem => ({ kind: 'message', message, at: Date.parse(message.created_at) })),
    ...notes.map((note): ThreadItem => ({ kind: 'note', note, at: Date.parse(note.created_at) })),
  ]
  const rank = (item: ThreadItem) => (item.kind === 'message' ? 0 : 1)
  const id = (item: ThreadItem) => (item.kind === 'message' ? item.message.id : item.note.id)
  return items.sort((a, b) => a.at - b.at || rank(a) - rank(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0))
}

/** The key of the newest item, to scroll down when something new arrives. */
export function lastItemKey(items: readonly ThreadItem[]): string | null {
  const last = items.at(-1)
  if (!last) return null
  return last.kind === 'message' ? `m:${last.message.id}` : `n:${last.note.id}`
}

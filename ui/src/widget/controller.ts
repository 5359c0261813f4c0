import type { Message, WidgetEvent } from '../client/types'
import { connectReconnecting } from '../shared/reconnectingSocket'
import { newClientMessageId, WidgetApi } from './api'
import type { WidgetText } from './i18n'
import { addPending, mergeServerMessage, setLocalStatus, type WidgetMessage } from './state'
import { loadVisitorToken, saveVisitorToken } from './storage'
import { mountView } from './view'

export interface WidgetOptions {
  origin: string
  channelKey: string
  text: WidgetText
}

export function startWidget({ origin, channelKey, text }: WidgetOptions): void {
  const api = new WidgetApi(origin, channelKey)
  let messages: WidgetMessage[] = []
  let open = false
  let session: Promise<string> | null = null

  const view = mountView(text, { onToggle: toggle, onSend: send, onRetry: retry })
  view.renderMessages(messages)

  function update(next: WidgetMessage[]): void {
    messages = next
    view.renderMessages(messages)
  }

  /** Resolves to the visitor token; the first call creates or resumes the session and connects. */
  function ensureSession(): Promise<string> {
    if (session) return session
    view.setNotice(text.connecting)
    session = api.startSession(loadVisitorToken(channelKey)).then(
      ({ visitor_token: token, channel_name: channelName }) => {
        saveVisitorToken(channelKey, token)
        view.setTitle(channelName)
        view.setNotice(null)
        connect(token)
        return token
      },
      (error: unknown) => {
        // Forget the failed attempt so the next open or send tries again.
        session = null
        view.setNotice(text.unavailable)
        throw error
      },
    )
    return session
  }

  function connect(token: string): void {
    connectReconnecting(() => api.socketUrl(token), {
      // Replies may have arrived while disconnected: history fills the gap.
      onOpen: () => void loadHistory(token),
      onStateChange: (connected) => view.setNotice(connected ? null : text.offline),
      onMessage: (frame) => {
        const message = toWidgetEvent(frame)?.message
        if (message) receive(message)
      },
    })
  }

  async function loadHistory(token: string): Promise<void> {
    try {
      update((await api.history(token)).reduce(mergeServerMessage, messages))
    } catch {
      // The socket's next reconnection retries.
    }
  }

  function receive(message: Message): void {
    const known = messages.some((candidate) => candidate.id === message.id)
    update(mergeServerMessage(messages, message))
    if (!open && !known && message.direction === 'outbound') view.setUnread(true)
  }

  function toggle(): void {
    open = !open
    view.setOpen(open)
    if (open) {
      view.setUnread(false)
      ensureSession().catch(() => undefined)
    }
  }

  function send(messageText: string): void {
    const clientMessageId = newClientMessageId()
    update(addPending(messages, clientMessageId, messageText, new Date()))
    void deliver(clientMessageId, messageText)
  }

  function retry(clientMessageId: string): void {
    const message = messages.find((candidate) => candidate.clientMessageId === clientMessageId)
    if (!message) return
    update(setLocalStatus(messages, clientMessageId, 'pending'))
    void deliver(clientMessageId, message.text)
  }

  async function deliver(clientMessageId: string, messageText: string): Promise<void> {
    try {
      const token = await ensureSession()
      const outcome = await api.send(token, { client_message_id: clientMessageId, text: messageText })
      update(setLocalStatus(messages, clientMessageId, outcome === 'accepted' ? 'accepted' : 'failed'))
    } catch {
      update(setLocalStatus(messages, clientMessageId, 'failed'))
    }
  }

  // A returning visitor reconnects at once, so replies sent while they were away light up the bubble.
  if (loadVisitorToken(channelKey) !== null) ensureSession().catch(() => undefined)
}

function toWidgetEvent(frame: unknown): WidgetEvent | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame) || frame.type !== 'message') return null
  if (!('message' in frame) || typeof frame.message !== 'object' || frame.message === null) return null
  return frame as WidgetEvent
}

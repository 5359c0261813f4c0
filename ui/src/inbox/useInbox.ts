import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { api } from '../client'
import type { Message } from '../client/types'
import { connectReconnecting, webSocketUrl } from '../shared/reconnectingSocket'
import { inboxReducer, initialInboxState, toInboxEvent, type InboxState } from './state'

export interface Inbox {
  state: InboxState
  live: boolean
  loadError: boolean
  send: (text: string) => Promise<Message | null>
}

const listLimit = 50

export function useInbox(openConversationId: string | null): Inbox {
  const [state, dispatch] = useReducer(inboxReducer, initialInboxState)
  const [live, setLive] = useState(false)
  const [loadError, setLoadError] = useState(false)
  const openIdRef = useRef(openConversationId)

  // Declared first so the effects below, and socket callbacks, see the current conversation.
  useEffect(() => {
    openIdRef.current = openConversationId
  }, [openConversationId])

  const loadConversations = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/conversations', { params: { query: { limit: listLimit } } })
      setLoadError(!data)
      if (data) dispatch({ type: 'conversationsLoaded', conversations: data.data })
    } catch {
      setLoadError(true)
    }
  }, [])

  const markRead = useCallback(async (conversationId: string) => {
    const params = { params: { path: { conversation_id: conversationId } } }
    const { data, response } = await api.POST('/api/conversations/{conversation_id}/read', params)
    if (data) dispatch({ type: 'conversationReceived', conversation: data })
    else if (response.status === 404) dispatch({ type: 'threadMissing', conversationId })
  }, [])

  const loadThread = useCallback(async (conversationId: string) => {
    const params = { params: { path: { conversation_id: conversationId } } }
    const { data, response } = await api.GET('/api/conversations/{conversation_id}/messages', params)
    if (data) dispatch({ type: 'messagesLoaded', conversationId, messages: data.data })
    else if (response.status === 404) dispatch({ type: 'threadMissing', conversationId })
  }, [])

  const syncOpenThread = useCallback(async () => {
    const conversationId = openIdRef.current
    if (conversationId === null) return
    // Marking read also returns the conversation, which may be beyond the first page of the list.
    await Promise.all([markRead(conversationId), loadThread(conversationId)])
  }, [loadThread, markRead])

  useEffect(() => {
    dispatch({ type: 'threadOpened', conversationId: openConversationId })
    if (openConversationId !== null) void syncOpenThread().catch(() => undefined)
  }, [openConversationId, syncOpenThread])

  useEffect(() => {
    void loadConversations()
    const socket = connectReconnecting(() => webSocketUrl(window.location.origin, '/api/ws'), {
      onStateChange: setLive,
      onOpen: () => {
        // Anything pushed while we were disconnected is lost: re-read the list and the open thread.
        void loadConversations()
        void syncOpenThread().catch(() => undefined)
      },
      onMessage: (frame) => {
        const event = toInboxEvent(frame)
        if (event?.type === 'message') dispatch({ type: 'messageReceived', message: event.message })
        if (event?.type === 'conversation') {
          dispatch({ type: 'conversationReceived', conversation: event.conversation })
          const viewing = event.conversation.id === openIdRef.current && document.visibilityState === 'visible'
          if (viewing && event.conversation.unread_count > 0) void markRead(event.conversation.id).catch(() => undefined)
        }
      },
    })
    return () => socket.close()
  }, [loadConversations, markRead, syncOpenThread])

  useEffect(() => {
    const onVisible = () => {
      const conversationId = openIdRef.current
      if (document.visibilityState === 'visible' && conversationId !== null) {
        void markRead(conversationId).catch(() => undefined)
      }
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [markRead])

  const send = useCallback(async (text: string): Promise<Message | null> => {
    const conversationId = openIdRef.current
    if (conversationId === null) return null
    const { data } = await api.POST('/api/conversations/{conversation_id}/messages', {
      params: { path: { conversation_id: conversationId } },
      body: { text },
    })
    if (data) dispatch({ type: 'messageReceived', message: data })
    return data ?? null
  }, [])

  return { state, live, loadError, send }
}

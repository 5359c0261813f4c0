import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { connectReconnecting, webSocketUrl } from '../shared/reconnectingSocket'
import type { FetchResult } from '../shared/useResource'
import { inboxApi, type Conversation, type ConversationNote, type ConversationPatch, type Message, type Reply } from './api'
import { filterKey, filterQuery, type InboxFilter } from './filters'
import { inboxReducer, initialInboxState, toInboxEvent, type InboxState } from './state'

export interface Inbox {
  state: InboxState
  live: boolean
  loadError: boolean
  loadingMore: boolean
  setFilter: (filter: InboxFilter) => void
  loadMore: () => void
  send: (reply: Reply) => Promise<FetchResult<Message>>
  addNote: (body: string) => Promise<FetchResult<ConversationNote>>
  update: (patch: ConversationPatch) => Promise<FetchResult<Conversation>>
  setLabels: (labels: string[]) => Promise<FetchResult<Conversation>>
}

const pageSize = 50
// Counts change with every event; asking once after a burst settles is enough.
const countsDelayMs = 400

/** The inbox's data: the filtered list, counts, the open thread, and the live socket. */
export function useInbox(openConversationId: string | null, meId: string): Inbox {
  const [state, dispatch] = useReducer(inboxReducer, meId, initialInboxState)
  const [live, setLive] = useState(false)
  const [loadError, setLoadError] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const openIdRef = useRef(openConversationId)
  const filterRef = useRef(state.filter)
  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // Declared first so the effects below, and socket callbacks, see the current values.
  useEffect(() => {
    openIdRef.current = openConversationId
    filterRef.current = state.filter
  }, [openConversationId, state.filter])

  const loadPage = useCallback(async (filter: InboxFilter, cursor: string | null) => {
    try {
      const query = { ...filterQuery(filter), limit: pageSize, ...(cursor === null ? {} : { cursor }) }
      const { data } = await inboxApi.listConversations(query)
      setLoadError(!data)
      if (!data) return
      dispatch({ type: 'conversationsLoaded', filterKey: filterKey(filter), conversations: data.data, nextCursor: data.next_cursor, append: cursor !== null })
    } catch {
      setLoadError(true)
    }
  }, [])

  const loadCounts = useCallback(async () => {
    const { data } = await inboxApi.counts()
    if (data) dispatch({ type: 'countsLoaded', counts: data })
  }, [])

  const refreshCountsSoon = useCallback(() => {
    clearTimeout(countsTimer.current)
    countsTimer.current = setTimeout(() => void loadCounts().catch(() => undefined), countsDelayMs)
  }, [loadCounts])

  const markRead = useCallback(async (conversationId: string) => {
    const { data, response } = await inboxApi.markRead(conversationId)
    if (data) dispatch({ type: 'conversationReceived', conversation: data })
    else if (response.status === 404) dispatch({ type: 'threadMissing', conversationId })
  }, [])

  const loadThread = useCallback(async (conversationId: string) => {
    const [messages, notes] = await Promise.all([inboxApi.messages(conversationId), inboxApi.notes(conversationId)])
    if (messages.data) dispatch({ type: 'messagesLoaded', conversationId, messages: messages.data.data })
    else if (messages.response.status === 404) dispatch({ type: 'threadMissing', conversationId })
    if (notes.data) dispatch({ type: 'notesLoaded', conversationId, notes: notes.data.data })
  }, [])

  const syncOpenThread = useCallback(async () => {
    const conversationId = openIdRef.current
    if (conversationId === null) return
    // Marking read also returns the conversation, which may not be in the list at all.
    await Promise.all([markRead(conversationId), loadThread(conversationId)])
  }, [loadThread, markRead])

  useEffect(() => {
    dispatch({ type: 'threadOpened', conversationId: openConversationId })
    if (openConversationId !== null) void syncOpenThread().catch(() => undefined)
  }, [openConversationId, syncOpenThread])

  const currentKey = filterKey(state.filter)
  useEffect(() => {
    void loadPage(filterRef.current, null)
  }, [currentKey, loadPage])

  useEffect(() => {
    void loadCounts().catch(() => undefined)
    const socket = connectReconnecting(() => webSocketUrl(window.location.origin, '/api/ws'), {
      onStateChange: setLive,
      onOpen: () => {
        // Anything pushed while we were disconnected is lost: read the list, counts and thread again.
        void loadPage(filterRef.current, null)
        void loadCounts().catch(() => undefined)
        void syncOpenThread().catch(() => undefined)
      },
      onMessage: (frame) => {
        const event = toInboxEvent(frame)
        if (event?.type === 'message') dispatch({ type: 'messageReceived', message: event.message })
        if (event?.type === 'note') dispatch({ type: 'noteReceived', note: event.note })
        if (event?.type === 'conversation') {
          dispatch({ type: 'conversationReceived', conversation: event.conversation })
          refreshCountsSoon()
          const viewing = event.conversation.id === openIdRef.current && document.visibilityState === 'visible'
          if (viewing && event.conversation.unread_count > 0) void markRead(event.conversation.id).catch(() => undefined)
        }
      },
    })
    return () => {
      socket.close()
      clearTimeout(countsTimer.current)
    }
  }, [loadCounts, loadPage, markRead, refreshCountsSoon, syncOpenThread])

  useEffect(() => {
    const onVisible = () => {
      const conversationId = openIdRef.current
      if (document.visibilityState === 'visible' && conversationId !== null) void markRead(conversationId).catch(() => undefined)
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [markRead])

  const { nextCursor } = state
  const loadMore = useCallback(() => {
    if (nextCursor === null) return
    setLoadingMore(true)
    void loadPage(filterRef.current, nextCursor).finally(() => setLoadingMore(false))
  }, [loadPage, nextCursor])

  const setFilter = useCallback((filter: InboxFilter) => dispatch({ type: 'filterChanged', filter }), [])

  // Each change answers with the new state: applied at once, before its event arrives.
  const withOpen = useCallback(
    async <T,>(request: (conversationId: string) => Promise<FetchResult<T>>, apply: (data: T) => void): Promise<FetchResult<T>> => {
      const conversationId = openIdRef.current
      // Only reachable from a thread's controls, so there is always an open conversation; a
      // refusal keeps the types honest without a request.
      if (conversationId === null) return { response: new Response(null, { status: 409 }) }
      const result = await request(conversationId)
      if (result.data !== undefined) apply(result.data)
      return result
    },
    [],
  )

  const send = useCallback(
    (reply: Reply) => withOpen((id) => inboxApi.send(id, reply), (message) => dispatch({ type: 'messageReceived', message })),
    [withOpen],
  )
  const addNote = useCallback(
    (body: string) => withOpen((id) => inboxApi.addNote(id, body), (note) => dispatch({ type: 'noteReceived', note })),
    [withOpen],
  )
  const applyConversation = useCallback(
    (conversation: Conversation) => {
      dispatch({ type: 'conversationReceived', conversation })
      refreshCountsSoon()
    },
    [refreshCountsSoon],
  )
  const update = useCallback((patch: ConversationPatch) => withOpen((id) => inboxApi.update(id, patch), applyConversation), [withOpen, applyConversation])
  const setLabels = useCallback((labels: string[]) => withOpen((id) => inboxApi.setLabels(id, labels), applyConversation), [withOpen, applyConversation])

  return { state, live, loadError, loadingMore, setFilter, loadMore, send, addNote, update, setLabels }
}

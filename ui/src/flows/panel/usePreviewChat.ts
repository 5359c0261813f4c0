import { useCallback, useEffect, useRef, useState } from 'react'
import { errorDetail } from '../../client'
import type { Message, WidgetEvent } from '../../client/types'
import { useT } from '../../i18n/useT'
import { connectReconnecting, type ReconnectingSocket } from '../../shared/reconnectingSocket'
import { newClientMessageId, WidgetApi } from '../../widget/api'
import { endpointMissing, flowsApi } from '../api'
import { addTyped, markFailed, mergeMessage, type ChatMessage } from '../previewChat'

export type PreviewPhase = 'idle' | 'starting' | 'unavailable' | 'error' | 'ready'

interface Session {
  api: WidgetApi
  token: string
  socket: ReconnectingSocket
}

function messageOf(frame: unknown): Message | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame) || frame.type !== 'message' || !('message' in frame)) return null
  return (frame as WidgetEvent).message
}

/**
 * A chat with the draft through the web chat widget's API: a private channel the preview endpoint
 * opens, messages posted as its visitor, replies pushed on its socket (history fills any gap).
 */
export function usePreviewChat(flowId: string, ensureSaved: () => Promise<boolean>) {
  const t = useT()
  const [phase, setPhase] = useState<PreviewPhase>('idle')
  const [error, setError] = useState<string | null>(null)
  const [connected, setConnected] = useState(false)
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const session = useRef<Session | null>(null)

  const stop = useCallback(() => {
    session.current?.socket.close()
    session.current = null
  }, [])
  useEffect(() => stop, [stop])

  const start = useCallback(async () => {
    stop()
    setMessages([])
    setError(null)
    setPhase('starting')
    if (!(await ensureSaved())) return setPhase('idle')
    try {
      const { data, error: failure, response } = await flowsApi.preview(flowId)
      if (endpointMissing(response.status, failure)) return setPhase('unavailable')
      if (!data) {
        setError(errorDetail(failure) ?? t('error.generic'))
        return setPhase('error')
      }
      const api = new WidgetApi(window.location.origin, data.public_key)
      const token = data.visitor_token
      const socket = connectReconnecting(() => api.socketUrl(token), {
        onOpen: () => {
          api.history(token).then((history) => setMessages((list) => history.reduce(mergeMessage, list)), () => undefined)
        },
        onStateChange: setConnected,
        onMessage: (frame) => {
          const message = messageOf(frame)
          if (message) setMessages((list) => mergeMessage(list, message))
        },
      })
      session.current = { api, token, socket }
      setPhase('ready')
    } catch {
      setError(t('error.network'))
      setPhase('error')
    }
  }, [ensureSaved, flowId, stop, t])

  const send = useCallback(async (text: string) => {
    const current = session.current
    if (!current || !text.trim()) return
    const clientMessageId = newClientMessageId()
    setMessages((list) => addTyped(list, clientMessageId, text.trim(), new Date()))
    const outcome = await current.api.send(current.token, { client_message_id: clientMessageId, text: text.trim() }, { attempts: 3 })
    if (outcome !== 'accepted') setMessages((list) => markFailed(list, clientMessageId))
  }, [])

  return { phase, error, connected, messages, start, send }
}

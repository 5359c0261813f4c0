import { useEffect, useState } from 'react'
import type { Conversation } from '../api'
import { msUntilChange, replyWindow, type ReplyWindow } from '../window'

// setTimeout's longest delay; a window never stays open that long, but a bad value must not fire at once.
const maxDelayMs = 2 ** 31 - 1

/** The conversation's reply window, re-rendered the moment it closes. */
export function useReplyWindow(conversation: Pick<Conversation, 'channel_kind' | 'window_expires_at'>): ReplyWindow {
  const [now, setNow] = useState(() => Date.now())
  const state = replyWindow(conversation, now)
  const wait = msUntilChange(state)

  useEffect(() => {
    if (wait === null) return
    const timer = setTimeout(() => setNow(Date.now()), Math.min(wait + 50, maxDelayMs))
    return () => clearTimeout(timer)
  }, [wait])

  // A new expiry (the contact wrote again) is measured from the current time, not the old one.
  useEffect(() => setNow(Date.now()), [conversation.window_expires_at])

  return state
}

import type { MessageKey } from '../../i18n/en'
import type { CannedResponseDraft } from '../../inbox/api'

export type DraftErrors = Partial<Record<keyof CannedResponseDraft, MessageKey>>

/** What agents type after the slash: lower-case letters, digits, `_` and `-`; a leading `/` is dropped. */
export function normalizeShortcut(raw: string): string {
  return raw.trim().replace(/^\/+/, '').toLowerCase()
}

export function cleanDraft(draft: CannedResponseDraft): CannedResponseDraft {
  return { shortcut: normalizeShortcut(draft.shortcut), title: draft.title.trim(), body: draft.body.trim() }
}

/** The same limits as the server, said before the request goes out. */
export function draftErrors(draft: CannedResponseDraft): DraftErrors {
  const errors: DraftErrors = {}
  const shortcut = normalizeShortcut(draft.shortcut)
  if (shortcut === '') errors.shortcut = 'canned.error.shortcutRequired'
  else if (!/^[a-z0-9_-]{1,40}$/.test(shortcut)) errors.shortcut = 'canned.error.shortcutFormat'
  const title = draft.title.trim()
  if (title === '') errors.title = 'canned.error.titleRequired'
  else if (title.length > 100) errors.title = 'canned.error.titleLong'
  const body = draft.body.trim()
  if (body === '') errors.body = 'canned.error.bodyRequired'
  else if (body.length > 4096) errors.body = 'canned.error.bodyLong'
  return errors
}

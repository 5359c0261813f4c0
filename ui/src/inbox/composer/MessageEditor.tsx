import { useId, useLayoutEffect, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react'
import { useSession } from '../../auth/session'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { inboxApi, type CannedResponse, type Conversation, type Reply, type UploadedAttachment } from '../api'
import { replaceRange, type Edit, type ShortcutQuery } from '../canned'
import { mediaTypeOf } from '../content'
import { fillPlaceholders } from '../placeholders'
import { Icon } from '../icons'
import type { Inbox } from '../useInbox'
import { AttachmentChip } from './AttachmentChip'
import { CannedPicker } from './CannedPicker'
import { EmojiPicker } from './EmojiPicker'
import { useCannedShortcut } from './useCannedShortcut'

interface Props {
  mode: 'reply' | 'note'
  conversation: Conversation
  inbox: Pick<Inbox, 'send' | 'addNote'>
  canned: readonly CannedResponse[]
}

/** What to send for the text and the attached file: media with the text as its caption. */
function replyOf(text: string, attachment: UploadedAttachment | null): Reply {
  if (attachment === null) return { text }
  const media_type = mediaTypeOf(attachment.mime_type)
  return { content: { kind: 'media', media_type, attachment_id: attachment.id, filename: attachment.filename, caption: text || null } }
}

/** The text box of a reply or a private note: Enter sends, `/` inserts a saved reply. */
export function MessageEditor({ mode, conversation, inbox, canned }: Props) {
  const t = useT()
  const { me } = useSession()
  const pickerId = useId()
  const input = useRef<HTMLTextAreaElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const [text, setText] = useState('')
  const [caret, setCaret] = useState(0)
  const [attachment, setAttachment] = useState<UploadedAttachment | null>(null)
  const pendingCaret = useRef<number | null>(null)
  const sending = useAction()
  const uploading = useAction()
  const shortcut = useCannedShortcut(text, caret, canned)
  const note = mode === 'note'
  const ready = (text.trim() !== '' || (!note && attachment !== null)) && !sending.busy && !uploading.busy

  // After an insert, put the caret where the inserted text ends (the DOM moved it to the end).
  useLayoutEffect(() => {
    const element = input.current
    if (element && pendingCaret.current !== null) {
      element.focus()
      element.setSelectionRange(pendingCaret.current, pendingCaret.current)
      pendingCaret.current = null
    }
  }, [text])

  const apply = (edit: Edit) => {
    setText(edit.text)
    setCaret(edit.caret)
    pendingCaret.current = edit.caret
  }

  const insertCanned = (response: CannedResponse, token: ShortcutQuery) => {
    const agentName = me.user.full_name || me.user.email
    apply(replaceRange(text, token.start, token.end, fillPlaceholders(response.body, { contactName: conversation.contact_name, agentName })))
  }

  const insertEmoji = (emoji: string) => {
    const element = input.current
    const start = element?.selectionStart ?? text.length
    const end = element?.selectionEnd ?? text.length
    apply(replaceRange(text, start, end, emoji))
  }

  const submit = async () => {
    if (!ready) return
    const body = text.trim()
    const result = note ? await sending.run(() => inbox.addNote(body)) : await sending.run(() => inbox.send(replyOf(body, attachment)))
    if (result === null) return
    apply({ text: '', caret: 0 })
    setAttachment(null)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (shortcut.onKeyDown(event, insertCanned)) {
      event.preventDefault()
      return
    }
    // While an input method is composing (e.g. accents), Enter confirms the composition, not the message.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void submit()
    }
  }

  const onPickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    const result = await uploading.run(() => inboxApi.upload(file))
    if (result?.data) setAttachment(result.data)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }

  const trackCaret = () => setCaret(input.current?.selectionStart ?? 0)
  const pickerOpen = shortcut.token !== null

  return (
    <form className="composer__editor" onSubmit={onSubmit} data-testid="composer-form">
      <FormError message={sending.error ?? uploading.error} testId="composer-error" />
      {pickerOpen && (
        <CannedPicker
          id={pickerId}
          matches={shortcut.matches}
          highlighted={shortcut.highlighted}
          onHighlight={shortcut.setHighlighted}
          onPick={(response) => shortcut.token && insertCanned(response, shortcut.token)}
        />
      )}
      {attachment && !note && <AttachmentChip attachment={attachment} onRemove={() => setAttachment(null)} />}
      <textarea
        ref={input}
        className="reply-box__input composer__input"
        data-testid="reply-input"
        name="reply"
        aria-label={note ? t('composer.note.label') : t('reply.label')}
        placeholder={note ? t('composer.note.placeholder') : attachment ? t('composer.attach.caption') : t('composer.placeholder')}
        rows={3}
        value={text}
        aria-controls={pickerOpen ? pickerId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={pickerOpen && shortcut.matches.length > 0 ? `${pickerId}-${shortcut.highlighted}` : undefined}
        onChange={(event) => {
          setText(event.target.value)
          setCaret(event.target.selectionStart)
        }}
        onKeyDown={onKeyDown}
        onKeyUp={trackCaret}
        onClick={trackCaret}
        onSelect={trackCaret}
      />
      <div className="composer__toolbar">
        <EmojiPicker onPick={insertEmoji} />
        {!note && (
          <>
            <button
              type="button"
              className="button button--small button--ghost composer__tool"
              aria-label={t('composer.attach.action')}
              title={t('composer.attach.action')}
              data-testid="attach-open"
              disabled={uploading.busy}
              onClick={() => fileInput.current?.click()}
            >
              <Icon name="paperclip" />
            </button>
            <input ref={fileInput} type="file" hidden data-testid="attach-input" onChange={(event) => void onPickFile(event)} />
            {uploading.busy && <span className="muted small">{t('composer.attach.uploading')}</span>}
          </>
        )}
        <span className="composer__hint muted small">{t('composer.hint')}</span>
        <button type="submit" className={`button ${note ? 'button--note' : 'button--primary'}`} data-testid="reply-send" disabled={!ready}>
          {sending.busy ? t('reply.sending') : note ? t('composer.note.send') : t('reply.send')}
        </button>
      </div>
    </form>
  )
}

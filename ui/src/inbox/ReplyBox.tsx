import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useT } from '../i18n/useT'

interface Props {
  onSend: (text: string) => Promise<boolean>
}

export function ReplyBox({ onSend }: Props) {
  const t = useT()
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const [failed, setFailed] = useState(false)
  const empty = text.trim() === ''

  const submit = async () => {
    if (empty || sending) return
    setSending(true)
    setFailed(false)
    const ok = await onSend(text.trim()).catch(() => false)
    setSending(false)
    if (ok) setText('')
    else setFailed(true)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing (e.g. accents), Enter confirms the composition, not the message.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void submit()
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }

  return (
    <form className="reply-box" onSubmit={onSubmit}>
      {failed && (
        <p className="form-error" role="alert">
          {t('error.generic')}
        </p>
      )}
      <div className="reply-box__row">
        <textarea
          className="reply-box__input"
          data-testid="reply-input"
          aria-label={t('reply.label')}
          placeholder={t('reply.placeholder')}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary" data-testid="reply-send" disabled={empty || sending}>
          {sending ? t('reply.sending') : t('reply.send')}
        </button>
      </div>
    </form>
  )
}

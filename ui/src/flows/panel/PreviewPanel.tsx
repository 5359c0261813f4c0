import { useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import { conversationOf } from '../previewChat'
import { RunSteps } from './RunSteps'
import { usePreviewChat } from './usePreviewChat'
import { useRunPath } from './useRunPath'

/** Chats with the saved draft as a contact would; the bot's buttons and list rows are tappable. */
export function PreviewPanel({ flowId, ensureSaved }: { flowId: string; ensureSaved: () => Promise<boolean> }) {
  const t = useT()
  const chat = usePreviewChat(flowId, ensureSaved)
  const run = useRunPath(flowId)
  const [text, setText] = useState('')
  const conversationId = conversationOf(chat.messages)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void chat.send(text)
    setText('')
  }

  return (
    <div className="settings-panel preview" data-testid="preview-panel">
      <h2>{t('flows.preview.title')}</h2>
      <p className="muted small">{t('flows.preview.hint')}</p>
      <button type="button" className="button button--small button--primary" data-testid="preview-start" disabled={chat.phase === 'starting'} onClick={() => void chat.start()}>
        {chat.phase === 'ready' ? t('flows.preview.restart') : t('flows.preview.start')}
      </button>
      {chat.phase === 'unavailable' && (
        <p className="muted" data-testid="preview-unavailable">
          {t('flows.preview.unavailable')}
        </p>
      )}
      {chat.phase === 'error' && chat.error && (
        <p className="form-error" role="alert">
          {chat.error}
        </p>
      )}
      {chat.phase === 'ready' && (
        <>
          {!chat.connected && <p className="muted small">{t('flows.preview.connecting')}</p>}
          <ol className="preview__messages" data-testid="preview-messages">
            {chat.messages.length === 0 && <li className="muted small">{t('flows.preview.empty')}</li>}
            {chat.messages.map((message) => (
              <li key={message.key} className={`preview__message preview__message--${message.direction}`} data-testid="preview-message" data-direction={message.direction}>
                <span className="preview__bubble">{message.text}</span>
                {message.state === 'failed' && <span className="field__error small">{t('flows.preview.failed')}</span>}
                {message.choices.length > 0 && (
                  <span className="preview__choices">
                    {message.choices.map((choice) => (
                      <button key={choice} type="button" className="button button--small" data-testid="preview-choice" onClick={() => void chat.send(choice)}>
                        {choice}
                      </button>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ol>
          <form className="preview__composer" onSubmit={submit}>
            <input className="input" name="preview-text" value={text} placeholder={t('flows.preview.placeholder')} onChange={(event) => setText(event.target.value)} />
            <button type="submit" className="button button--primary" disabled={!text.trim()}>
              {t('flows.preview.send')}
            </button>
          </form>
          {conversationId && (
            <button type="button" className="button button--small" data-testid="preview-show-run" onClick={() => void run.show(conversationId)}>
              {t('flows.preview.showRun')}
            </button>
          )}
          <RunSteps view={run.view} />
        </>
      )}
    </div>
  )
}

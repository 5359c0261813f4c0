import { useCallback, useState } from 'react'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useAction } from '../../shared/useAction'
import { useResource } from '../../shared/useResource'
import { inboxApi, type Conversation, type MessageTemplate } from '../api'
import { emptyDraft, missingValues, templateContent, templateKey, type TemplateDraft } from '../templates'
import type { Inbox } from '../useInbox'
import { TemplateForm } from './TemplateForm'

interface Props {
  conversation: Conversation
  closedAt: string | null
  inbox: Pick<Inbox, 'send'>
}

/** Outside WhatsApp's 24-hour window: why the text box is gone, and an approved template instead. */
export function TemplateComposer({ conversation, closedAt, inbox }: Props) {
  const { t, language } = useI18n()
  const templates = useResource(useCallback(() => inboxApi.templates(conversation.channel_id), [conversation.channel_id]))
  const [chosen, setChosen] = useState<{ template: MessageTemplate; draft: TemplateDraft } | null>(null)
  const sending = useAction()
  const list = templates.state.phase === 'ready' ? templates.state.data.data.filter((template) => template.usable) : []
  const missing = chosen ? missingValues(chosen.template, chosen.draft) : 0

  const choose = (key: string) => {
    const template = list.find((candidate) => templateKey(candidate) === key)
    setChosen(template ? { template, draft: emptyDraft(template) } : null)
  }

  const send = async () => {
    if (!chosen || missing > 0) return
    const result = await sending.run(() => inbox.send({ content: templateContent(chosen.template, chosen.draft) }))
    if (result) setChosen(null)
  }

  return (
    <div className="template-composer" data-testid="template-composer">
      <p className="window-closed" data-testid="window-closed" role="note">
        {closedAt ? t('composer.window.closedAt', { when: formatDateTime(closedAt, language) }) : t('composer.window.never')}
      </p>
      <ResourceStatus state={templates.state} />
      {templates.state.phase === 'ready' && list.length === 0 && <p className="muted">{t('composer.template.none')}</p>}
      {list.length > 0 && (
        <label className="field">
          <span>{t('composer.template.choose')}</span>
          <select
            className="select"
            name="template"
            data-testid="template-select"
            value={chosen ? templateKey(chosen.template) : ''}
            onChange={(event) => choose(event.target.value)}
          >
            <option value="">{t('composer.template.placeholder')}</option>
            {list.map((template) => (
              <option key={templateKey(template)} value={templateKey(template)}>
                {template.name} ({template.language})
              </option>
            ))}
          </select>
        </label>
      )}
      {chosen && <TemplateForm template={chosen.template} draft={chosen.draft} onChange={(draft) => setChosen({ ...chosen, draft })} />}
      <FormError message={sending.error} testId="template-error" />
      {chosen && (
        <div className="composer__toolbar">
          {missing > 0 && <span className="muted small">{t('composer.template.missing', { count: missing })}</span>}
          <button type="button" className="button button--primary" data-testid="template-send" disabled={missing > 0 || sending.busy} onClick={() => void send()}>
            {sending.busy ? t('reply.sending') : t('composer.template.send')}
          </button>
        </div>
      )}
    </div>
  )
}

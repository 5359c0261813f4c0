import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { inboxApi, type MessageTemplate } from '../api'
import { headerMedia, needsHeaderMedia, renderTemplateText, templateButtons, variableNames, type TemplateDraft } from '../templates'

interface Props {
  template: MessageTemplate
  draft: TemplateDraft
  onChange: (draft: TemplateDraft) => void
}

const replaced = (values: readonly string[], index: number, value: string): string[] => values.map((old, at) => (at === index ? value : old))

/** One field per variable of the template, and the message as the contact will read it. */
export function TemplateForm({ template, draft, onChange }: Props) {
  const { t } = useI18n()
  const upload = useAction()
  const buttons = templateButtons(template)
  const headerFile = headerMedia(template)
  const bodyNames = variableNames(template.body_text ?? '')
  const headerNames = variableNames(template.header_text ?? '')

  const attachHeader = async (file: File | undefined) => {
    if (!file) return
    const result = await upload.run(() => inboxApi.upload(file))
    if (result?.data) onChange({ ...draft, headerAttachmentId: result.data.id })
  }

  return (
    <div className="template-form" data-testid="template-form">
      <div className="form-grid">
        {headerFile !== null && (
          <label className="field">
            <span>{t('composer.template.headerFile', { kind: t(`message.media.${headerFile}`) })}</span>
            <input type="file" name="template_header_file" disabled={upload.busy} onChange={(event) => void attachHeader(event.target.files?.[0])} />
            <FormError message={upload.error} />
          </label>
        )}
        {draft.header.map((value, index) => (
          <label key={`h${index}`} className="field">
            <span>{t('composer.template.headerVariable', { number: headerNames[index] ?? index + 1 })}</span>
            <input name={`template_header_${index + 1}`} value={value} onChange={(event) => onChange({ ...draft, header: replaced(draft.header, index, event.target.value) })} />
          </label>
        ))}
        {draft.body.map((value, index) => (
          <label key={`b${index}`} className="field">
            <span>{t('composer.template.variable', { number: bodyNames[index] ?? index + 1 })}</span>
            <input
              name={`template_var_${index + 1}`}
              data-testid="template-variable"
              value={value}
              onChange={(event) => onChange({ ...draft, body: replaced(draft.body, index, event.target.value) })}
            />
          </label>
        ))}
        {Object.keys(draft.buttons).map((key) => {
          const index = Number(key)
          const button = buttons.find((candidate) => candidate.index === index)
          return (
            <label key={`k${index}`} className="field">
              <span>{t('composer.template.buttonVariable', { button: button?.text ?? String(index + 1) })}</span>
              <input
                name={`template_button_${index}`}
                placeholder={button?.url ?? undefined}
                value={draft.buttons[index] ?? ''}
                onChange={(event) => onChange({ ...draft, buttons: { ...draft.buttons, [index]: event.target.value } })}
              />
            </label>
          )
        })}
      </div>
      <div className="template-preview" data-testid="template-preview" aria-live="polite">
        <p className="muted small">{t('composer.template.preview')}</p>
        {template.header_text && !needsHeaderMedia(template) && <p className="template-preview__header">{renderTemplateText(template.header_text, draft.header)}</p>}
        <p className="template-preview__body" data-testid="template-preview-body">
          {renderTemplateText(template.body_text ?? '', draft.body)}
        </p>
        {template.footer_text && <p className="muted small">{template.footer_text}</p>}
        {buttons.length > 0 && (
          <ul className="message-options">
            {buttons.map((button) => (
              <li key={button.index}>{button.text}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}

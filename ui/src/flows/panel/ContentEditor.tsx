import { useT } from '../../i18n/useT'
import { addButton, addRow, listRows, switchKind, withRows } from '../content'
import type { ContentKind, OutboundContent } from '../graph'
import { ListInput, Select, TextArea, TextInput } from './fields'
import { MediaUpload } from './MediaUpload'

const allKinds: readonly ContentKind[] = ['text', 'media', 'buttons', 'list', 'template']

interface Props {
  /** The content's field in the node: `content` or `prompt`. */
  at: string
  content: OutboundContent
  kinds?: readonly ContentKind[]
  message: (field: string) => string | null
  onChange: (content: OutboundContent, key: string | null) => void
}

/** A message to send: text, media, reply buttons, a list menu or a WhatsApp template. */
export function ContentEditor({ at, content, kinds = allKinds, message, onChange }: Props) {
  const t = useT()
  const change = (next: OutboundContent, field: string | null) => onChange(next, field === null ? null : `${at}.${field}`)

  return (
    <fieldset className="panel-group" data-testid={`content-${at}`}>
      <Select
        label={t('flows.content.kind')}
        name={`${at}.kind`}
        value={content.kind}
        options={kinds.map((kind) => ({ value: kind, label: t(`flows.content.kind.${kind}`) }))}
        message={message(at)}
        onChange={(kind) => change(switchKind(content, kind), null)}
      />
      {content.kind === 'text' && (
        <>
          <TextArea label={t('flows.content.text')} name={`${at}.text`} value={content.text} message={message(`${at}.text`)} hint={t('flows.panel.variablesHint')} onChange={(text) => change({ ...content, text }, 'text')} />
          <TextInput label={t('flows.content.subject')} name={`${at}.subject`} value={content.subject ?? ''} message={message(`${at}.subject`)} onChange={(subject) => change({ ...content, subject: subject || null }, 'subject')} />
        </>
      )}
      {content.kind === 'media' && <MediaUpload at={at} content={content} message={message} onChange={change} />}
      {content.kind === 'buttons' && (
        <>
          <TextArea label={t('flows.content.text')} name={`${at}.text`} value={content.text} message={message(`${at}.text`)} onChange={(text) => change({ ...content, text }, 'text')} />
          <p className="panel-subtitle">{t('flows.content.buttons')}</p>
          {message(`${at}.buttons`) && <p className="field__error small">{message(`${at}.buttons`)}</p>}
          {content.buttons.map((button, index) => (
            <div key={button.id} className="panel-row">
              <TextInput
                label={t('flows.content.button', { number: index + 1 })}
                name={`${at}.buttons.${index}.title`}
                value={button.title}
                message={message(`${at}.buttons.${index}.title`)}
                onChange={(title) => change({ ...content, buttons: content.buttons.map((other, i) => (i === index ? { ...other, title } : other)) }, `buttons.${button.id}`)}
              />
              <button type="button" className="button button--small button--ghost" disabled={content.buttons.length === 1} onClick={() => change({ ...content, buttons: content.buttons.filter((_, i) => i !== index) }, null)}>
                {t('flows.panel.remove')}
              </button>
            </div>
          ))}
          {content.buttons.length < 3 && (
            <button type="button" className="button button--small" data-testid="content-add-button" onClick={() => change(addButton(content), null)}>
              {t('flows.content.addButton')}
            </button>
          )}
        </>
      )}
      {content.kind === 'list' && (
        <>
          <TextArea label={t('flows.content.text')} name={`${at}.text`} value={content.text} message={message(`${at}.text`)} onChange={(text) => change({ ...content, text }, 'text')} />
          <TextInput label={t('flows.content.menuButton')} name={`${at}.button`} value={content.button} message={message(`${at}.button`)} onChange={(button) => change({ ...content, button }, 'button')} />
          <p className="panel-subtitle">{t('flows.content.rows')}</p>
          {message(`${at}.sections`) && <p className="field__error small">{message(`${at}.sections`)}</p>}
          {listRows(content).map((row, index, rows) => (
            <div key={row.id} className="panel-row">
              <TextInput
                label={t('flows.content.rowTitle', { number: index + 1 })}
                name={`${at}.rows.${index}.title`}
                value={row.title}
                message={message(`${at}.sections.0.rows.${index}.title`)}
                onChange={(title) => change(withRows(content, rows.map((other, i) => (i === index ? { ...other, title } : other))), `rows.${row.id}`)}
              />
              <button type="button" className="button button--small button--ghost" disabled={rows.length === 1} onClick={() => change(withRows(content, rows.filter((_, i) => i !== index)), null)}>
                {t('flows.panel.remove')}
              </button>
            </div>
          ))}
          {listRows(content).length < 10 && (
            <button type="button" className="button button--small" onClick={() => change(addRow(content), null)}>
              {t('flows.content.addRow')}
            </button>
          )}
        </>
      )}
      {content.kind === 'template' && (
        <>
          <TextInput label={t('flows.content.templateName')} name={`${at}.name`} value={content.name} message={message(`${at}.name`)} onChange={(name) => change({ ...content, name }, 'name')} />
          <TextInput label={t('flows.content.templateLanguage')} name={`${at}.language`} value={content.language} message={message(`${at}.language`)} onChange={(language) => change({ ...content, language }, 'language')} />
          <ListInput label={t('flows.content.templateValues')} name={`${at}.body_values`} separator="line" value={content.body_values ?? []} message={message(`${at}.body_values`)} onChange={(values) => change({ ...content, body_values: values }, 'body_values')} />
        </>
      )}
    </fieldset>
  )
}

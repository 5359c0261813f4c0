import { useState } from 'react'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { flowsApi } from '../api'
import { mediaTypeOf } from '../content'
import type { MediaContent, OutboundContent } from '../graph'
import { Select, TextInput } from './fields'

const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const

interface Props {
  at: string
  content: MediaContent
  message: (field: string) => string | null
  onChange: (content: OutboundContent, field: string | null) => void
}

/** A file to send: uploaded once, then referred to by its attachment id. */
export function MediaUpload({ at, content, message, onChange }: Props) {
  const t = useT()
  const action = useAction()
  const [uploading, setUploading] = useState(false)

  const upload = async (file: File | undefined) => {
    if (!file) return
    setUploading(true)
    const result = await action.run(() => flowsApi.upload(file))
    setUploading(false)
    const stored = result?.data
    if (!stored) return
    onChange({ ...content, attachment_id: stored.id, filename: stored.filename, mime_type: stored.mime_type, size: stored.size, media_type: mediaTypeOf(stored.mime_type) }, null)
  }

  return (
    <>
      <label className="field panel-field">
        <span>{t('flows.content.file')}</span>
        {content.filename && <span className="muted small">{content.filename}</span>}
        <input type="file" name={`${at}.file`} disabled={uploading} onChange={(event) => void upload(event.target.files?.[0])} />
        {uploading && <small className="field__hint">{t('flows.content.uploading')}</small>}
        {message(`${at}.attachment_id`) && <small className="field__error">{message(`${at}.attachment_id`)}</small>}
      </label>
      <FormError message={action.error} />
      <Select
        label={t('flows.content.mediaType')}
        name={`${at}.media_type`}
        value={content.media_type}
        options={mediaTypes.map((type) => ({ value: type, label: t(`flows.media.${type}`) }))}
        onChange={(media_type) => onChange({ ...content, media_type }, null)}
      />
      <TextInput label={t('flows.content.caption')} name={`${at}.caption`} value={content.caption ?? ''} message={message(`${at}.caption`)} onChange={(caption) => onChange({ ...content, caption: caption || null }, 'caption')} />
    </>
  )
}

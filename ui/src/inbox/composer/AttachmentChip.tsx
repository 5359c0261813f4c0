import { useI18n } from '../../i18n/useT'
import type { UploadedAttachment } from '../api'
import { fileSize } from '../content'
import { Icon } from '../icons'

export function AttachmentChip({ attachment, onRemove }: { attachment: UploadedAttachment; onRemove: () => void }) {
  const { t, language } = useI18n()
  return (
    <div className="attachment-chip" data-testid="attachment-draft" data-attachment-id={attachment.id}>
      <span>
        <Icon name="paperclip" /> {attachment.filename}
      </span>
      <span className="muted small">{fileSize(attachment.size, language)}</span>
      <button type="button" className="tag__remove" aria-label={t('composer.attach.remove', { name: attachment.filename })} onClick={onRemove}>
        ×
      </button>
    </div>
  )
}

import { useI18n } from '../../i18n/useT'
import { attachmentUrl, type ContentOf, type Message } from '../api'
import { coordinates, fileSize, mapsUrl } from '../content'
import { Icon } from '../icons'

/** What a message holds, drawn by kind; messages without content show their text. */
export function MessageBody({ message }: { message: Message }) {
  const { t } = useI18n()
  const content = message.content ?? null
  if (content === null) return <p className="message-text">{message.text}</p>
  switch (content.kind) {
    case 'text':
      return (
        <>
          {content.subject && <p className="message-subject">{content.subject}</p>}
          <p className="message-text">{content.text}</p>
        </>
      )
    case 'media':
      return <MediaBody media={content} />
    case 'location':
      return (
        <div className="message-location" data-kind="location">
          <p>
            <Icon name="pin" /> {content.name || content.address || t('message.location')}
          </p>
          {content.name && content.address && <p className="small">{content.address}</p>}
          <a href={mapsUrl(content.latitude, content.longitude)} target="_blank" rel="noreferrer">
            {coordinates(content.latitude, content.longitude)} ↗
          </a>
        </div>
      )
    case 'contacts':
      return (
        <ul className="message-cards" data-kind="contacts">
          {content.contacts.map((card, index) => (
            <li key={index} className="message-card">
              <strong>
                <Icon name="person" /> {card.name}
              </strong>
              {(card.phones ?? []).map((phone) => (
                <a key={phone} href={`tel:${phone}`}>
                  {phone}
                </a>
              ))}
              {(card.emails ?? []).map((email) => (
                <a key={email} href={`mailto:${email}`}>
                  {email}
                </a>
              ))}
            </li>
          ))}
        </ul>
      )
    case 'choice_reply':
      return (
        <p className="message-choice" data-kind="choice_reply">
          <Icon name="reply" /> <span className="small">{t('message.chose')}</span> {content.title}
        </p>
      )
    case 'reaction':
      return (
        <p className="message-reaction" data-kind="reaction">
          {content.emoji ? t('message.reacted', { emoji: content.emoji }) : t('message.reactionRemoved')}
        </p>
      )
    case 'unsupported':
      return (
        <p className="message-unsupported" data-kind="unsupported">
          {t('message.unsupported', { description: content.description })}
        </p>
      )
    case 'buttons':
      return (
        <div data-kind="buttons">
          <p className="message-text">{content.text}</p>
          <ul className="message-options">
            {content.buttons.map((button) => (
              <li key={button.id}>{button.title}</li>
            ))}
          </ul>
        </div>
      )
    case 'list':
      return (
        <div data-kind="list">
          <p className="message-text">{content.text}</p>
          <p className="message-options__button">
            <Icon name="menu" /> {content.button}
          </p>
          {content.sections.map((section, index) => (
            <div key={index} className="message-list-section">
              {section.title && <p className="small">{section.title}</p>}
              <ul className="message-options">
                {section.rows.map((row) => (
                  <li key={row.id}>
                    {row.title}
                    {row.description && <span className="small"> — {row.description}</span>}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )
    case 'template':
      return (
        <div data-kind="template">
          <p className="message-template-name small">{t('message.template', { name: content.name })}</p>
          <p className="message-text">{content.rendered || content.name}</p>
        </div>
      )
  }
}

function MediaBody({ media }: { media: ContentOf<'media'> }) {
  const { t, language } = useI18n()
  const attachmentId = media.attachment_id ?? null
  const caption = media.caption ? <p className="message-text">{media.caption}</p> : null
  if (attachmentId === null) {
    return (
      <div className="message-media message-media--missing" data-kind="media" data-media-type={media.media_type}>
        <p className="message-unsupported">
          {t(`message.media.${media.media_type}`)}: {media.unavailable_reason || t('message.mediaPending')}
        </p>
        {caption}
      </div>
    )
  }
  const url = attachmentUrl(attachmentId)
  const name = media.filename || t(`message.media.${media.media_type}`)
  const player = (() => {
    switch (media.media_type) {
      case 'image':
      case 'sticker':
        return (
          <a href={url} target="_blank" rel="noreferrer">
            <img className={`message-image message-image--${media.media_type}`} src={url} alt={media.caption || name} loading="lazy" />
          </a>
        )
      case 'audio':
        return <audio className="message-audio" controls preload="none" src={url} aria-label={name} />
      case 'video':
        return <video className="message-video" controls preload="metadata" src={url} aria-label={name} />
      case 'document':
        return (
          <a className="message-document" href={url} download={media.filename ?? true}>
            <Icon name="file" /> {name}
            {media.size !== null && media.size !== undefined && <span className="small"> ({fileSize(media.size, language)})</span>}
          </a>
        )
    }
  })()
  return (
    <div className="message-media" data-kind="media" data-media-type={media.media_type}>
      {player}
      {caption}
    </div>
  )
}

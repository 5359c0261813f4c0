import { useT } from '../../i18n/useT'
import { emojiGrid } from '../emoji'
import { Icon } from '../icons'
import { usePopover } from '../usePopover'

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useT()
  const { open, setOpen, anchor } = usePopover()
  return (
    <div className="popover-anchor" ref={anchor}>
      <button
        type="button"
        className="button button--small button--ghost composer__tool"
        aria-label={t('composer.emoji')}
        title={t('composer.emoji')}
        aria-expanded={open}
        data-testid="emoji-open"
        onClick={() => setOpen(!open)}
      >
        <Icon name="smile" />
      </button>
      {open && (
        <div className="popover popover--up emoji-grid" role="dialog" aria-label={t('composer.emoji')} data-testid="emoji-grid">
          {emojiGrid.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="emoji-grid__item"
              data-testid="emoji-option"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                onPick(emoji)
                setOpen(false)
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

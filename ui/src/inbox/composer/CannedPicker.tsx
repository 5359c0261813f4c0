import { useT } from '../../i18n/useT'
import type { CannedResponse } from '../api'

interface Props {
  id: string
  matches: CannedResponse[]
  highlighted: number
  onPick: (response: CannedResponse) => void
  onHighlight: (index: number) => void
}

/** The saved replies matching the `/shortcut` being typed; the textarea keeps the focus. */
export function CannedPicker({ id, matches, highlighted, onPick, onHighlight }: Props) {
  const t = useT()
  if (matches.length === 0) {
    return (
      <div className="canned-picker canned-picker--empty" data-testid="canned-picker">
        <p className="muted small">{t('composer.canned.none')}</p>
      </div>
    )
  }
  return (
    <ul className="canned-picker" id={id} role="listbox" aria-label={t('composer.canned.title')} data-testid="canned-picker">
      {matches.map((response, index) => (
        <li
          key={response.id}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === highlighted}
          className={`canned-picker__option${index === highlighted ? ' canned-picker__option--active' : ''}`}
          data-testid="canned-option"
          data-shortcut={response.shortcut}
          // mousedown, not click: the textarea must not lose its caret first.
          onMouseDown={(event) => {
            event.preventDefault()
            onPick(response)
          }}
          onMouseEnter={() => onHighlight(index)}
        >
          <span className="canned-picker__shortcut">/{response.shortcut}</span>
          <span className="canned-picker__title">{response.title}</span>
          <span className="canned-picker__body muted small">{response.body}</span>
        </li>
      ))}
    </ul>
  )
}

import { useId, useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import type { LabelCount } from '../api'
import { addLabels, removeLabel, suggestLabels } from '../labels'

interface Props {
  labels: string[]
  known: LabelCount[]
  busy: boolean
  readOnly: boolean
  onChange: (labels: string[]) => Promise<boolean>
}

export function LabelsEditor({ labels, known, busy, readOnly, onChange }: Props) {
  const t = useT()
  const listId = useId()
  const [typed, setTyped] = useState('')
  const suggestions = suggestLabels(
    known.map((entry) => entry.label),
    labels,
    typed,
  )

  const add = async (event: FormEvent) => {
    event.preventDefault()
    const next = addLabels(labels, typed)
    if (next.length === labels.length) return
    if (await onChange(next)) setTyped('')
  }

  return (
    <div className="labels-editor" data-testid="labels-editor">
      <ul className="chips" aria-label={t('inbox.labels.title')}>
        {labels.map((label) => (
          <li key={label} className="chip chip--label tag" data-testid="conversation-label" data-label={label}>
            {label}
            {!readOnly && (
              <button
                type="button"
                className="tag__remove"
                aria-label={t('inbox.labels.remove', { label })}
                disabled={busy}
                onClick={() => void onChange(removeLabel(labels, label))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form className="labels-editor__form" onSubmit={(event) => void add(event)}>
          <input
            className="input input--small"
            name="label"
            list={listId}
            placeholder={t('inbox.labels.add')}
            aria-label={t('inbox.labels.add')}
            value={typed}
            maxLength={200}
            onChange={(event) => setTyped(event.target.value)}
          />
          <datalist id={listId}>
            {suggestions.map((label) => (
              <option key={label} value={label} />
            ))}
          </datalist>
        </form>
      )}
    </div>
  )
}

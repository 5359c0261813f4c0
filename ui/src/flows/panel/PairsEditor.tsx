import { useState } from 'react'
import { useT } from '../../i18n/useT'

interface Props {
  title: string
  keyLabel: string
  valueLabel: string
  name: string
  pairs: Record<string, string>
  message?: string | null
  onChange: (pairs: Record<string, string>, key: string | null) => void
}

/** Name → value pairs (HTTP headers, response paths into variables): edit values, add, remove. */
export function PairsEditor({ title, keyLabel, valueLabel, name, pairs, message, onChange }: Props) {
  const t = useT()
  const [newKey, setNewKey] = useState('')
  const [newValue, setNewValue] = useState('')
  const add = () => {
    if (!newKey.trim()) return
    onChange({ ...pairs, [newKey.trim()]: newValue }, null)
    setNewKey('')
    setNewValue('')
  }
  const without = (removed: string) => Object.fromEntries(Object.entries(pairs).filter(([key]) => key !== removed))

  return (
    <fieldset className="panel-group" data-testid={`pairs-${name}`}>
      <legend>{title}</legend>
      {Object.entries(pairs).map(([key, value]) => (
        <div key={key} className="panel-row">
          <code className="panel-row__key">{key}</code>
          <input className="input input--small" aria-label={`${keyLabel} ${key}`} name={`${name}.${key}`} value={value} onChange={(event) => onChange({ ...pairs, [key]: event.target.value }, `${name}.${key}`)} />
          <button type="button" className="button button--small button--ghost" onClick={() => onChange(without(key), null)}>
            {t('flows.panel.remove')}
          </button>
        </div>
      ))}
      <div className="panel-row">
        <input className="input input--small" placeholder={keyLabel} aria-label={keyLabel} value={newKey} onChange={(event) => setNewKey(event.target.value)} />
        <input className="input input--small" placeholder={valueLabel} aria-label={valueLabel} value={newValue} onChange={(event) => setNewValue(event.target.value)} />
        <button type="button" className="button button--small" disabled={!newKey.trim()} onClick={add}>
          {t('flows.http.add')}
        </button>
      </div>
      {message && <p className="field__error small">{message}</p>}
    </fieldset>
  )
}

import { useState } from 'react'
import { useT } from '../../i18n/useT'
import type { ConditionValue } from '../types'
import type { ValueInput as Input } from './operators'
import { parseList, parseNumber } from './state'

interface Props {
  input: Input
  value: ConditionValue
  options: readonly string[]
  onChange: (value: ConditionValue) => void
}

/** The value of a condition, in the input its field and operator call for. */
export function ValueInput({ input, value, options, onChange }: Props) {
  const t = useT()
  const label = t('filter.value')
  const text = typeof value === 'string' ? value : ''
  switch (input) {
    case 'none':
      return null
    case 'number':
    case 'days':
      return (
        <span className="filter__value">
          <NumberInput label={label} value={typeof value === 'number' ? value : null} onChange={onChange} />
          {input === 'days' && <span className="muted">{t('filter.days')}</span>}
        </span>
      )
    case 'date':
      return <input type="date" className="input input--small" aria-label={label} data-testid="filter-value" value={text.slice(0, 10)} onChange={(event) => onChange(event.target.value)} />
    case 'boolean':
      return (
        <select className="select select--small" aria-label={label} data-testid="filter-value" value={value === false ? 'false' : 'true'} onChange={(event) => onChange(event.target.value === 'true')}>
          <option value="true">{t('common.yes')}</option>
          <option value="false">{t('common.no')}</option>
        </select>
      )
    case 'option':
      return (
        <select className="select select--small" aria-label={label} data-testid="filter-value" value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="" disabled>
            —
          </option>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )
    case 'options': {
      const chosen = Array.isArray(value) ? value : []
      return (
        <span className="filter__options" role="group" aria-label={label}>
          {options.map((option) => (
            <label key={option} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(option)}
                onChange={(event) => onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))}
              />
              <span>{option}</span>
            </label>
          ))}
        </span>
      )
    }
    case 'list':
      return <ListInput label={label} hint={t('filter.listHint')} value={Array.isArray(value) ? value : []} onChange={onChange} />
    default:
      return <input className="input input--small" aria-label={label} data-testid="filter-value" value={text} onChange={(event) => onChange(event.target.value)} />
  }
}

/** Keeps what is typed ("3." or "a, ") while handing the parsed value up. */
function NumberInput({ label, value, onChange }: { label: string; value: number | null; onChange: (value: number | null) => void }) {
  const [raw, setRaw] = useState(value === null ? '' : String(value))
  if (parseNumber(raw) !== value) setRaw(value === null ? '' : String(value))
  return (
    <input
      className="input input--small input--number"
      inputMode="decimal"
      aria-label={label}
      data-testid="filter-value"
      value={raw}
      onChange={(event) => {
        setRaw(event.target.value)
        onChange(parseNumber(event.target.value))
      }}
    />
  )
}

function ListInput({ label, hint, value, onChange }: { label: string; hint: string; value: string[]; onChange: (value: string[]) => void }) {
  const [raw, setRaw] = useState(value.join(', '))
  if (parseList(raw).join('\u0000') !== value.join('\u0000')) setRaw(value.join(', '))
  return (
    <input
      className="input input--small"
      aria-label={label}
      title={hint}
      placeholder={hint}
      data-testid="filter-value"
      value={raw}
      onChange={(event) => {
        setRaw(event.target.value)
        onChange(parseList(event.target.value))
      }}
    />
  )
}

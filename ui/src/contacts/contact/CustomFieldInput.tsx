import { useId } from 'react'
import { useT } from '../../i18n/useT'
import type { CustomField } from '../types'

interface Props {
  field: CustomField
  value: string | boolean | string[]
  disabled: boolean
  error: string | null
  onChange: (value: string | boolean | string[]) => void
}

const inputTypes: Partial<Record<CustomField['type'], string>> = { number: 'text', date: 'date', datetime: 'datetime-local', url: 'url' }

/** One custom field in the input its type calls for; the API checks and normalises the value. */
export function CustomFieldInput({ field, value, disabled, error, onChange }: Props) {
  const t = useT()
  const messageId = useId()
  const described = error ? messageId : undefined
  const options = field.options ?? []
  const text = typeof value === 'string' ? value : ''

  let control
  if (field.type === 'boolean') {
    control = (
      <select className="select" name={`custom.${field.key}`} disabled={disabled} aria-describedby={described} value={value === true ? 'true' : 'false'} onChange={(event) => onChange(event.target.value === 'true')}>
        <option value="false">{t('common.no')}</option>
        <option value="true">{t('common.yes')}</option>
      </select>
    )
  } else if (field.type === 'single_select') {
    control = (
      <select className="select" name={`custom.${field.key}`} disabled={disabled} aria-describedby={described} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">—</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    )
  } else if (field.type === 'multi_select') {
    const chosen = Array.isArray(value) ? value : []
    control = (
      <span className="chips" role="group" aria-describedby={described}>
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              disabled={disabled}
              checked={chosen.includes(option)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))}
            />
            <span>{option}</span>
          </label>
        ))}
      </span>
    )
  } else {
    control = (
      <input
        name={`custom.${field.key}`}
        type={inputTypes[field.type] ?? 'text'}
        inputMode={field.type === 'number' ? 'decimal' : undefined}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }

  return (
    <label className="field" data-testid="custom-field-input" data-key={field.key}>
      <span>{field.label}</span>
      {control}
      {error && (
        <small id={messageId} className="field__error">
          {error}
        </small>
      )}
    </label>
  )
}

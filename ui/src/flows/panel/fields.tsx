import { useEffect, useId, useState, type ReactNode } from 'react'

// The side panel's inputs: a label, the control, and the message of its field (what to fix, from
// the form check or from the API's problems). `name` is the field's path in the node.

interface FieldProps {
  label: string
  name: string
  message?: string | null
  hint?: string
}

function Field({ label, message, hint, children, id }: Omit<FieldProps, 'name'> & { children: ReactNode; id: string }) {
  const text = message ?? hint
  return (
    <label className="field panel-field">
      <span>{label}</span>
      {children}
      {text && (
        <small id={id} className={message ? 'field__error' : 'field__hint'} data-testid={message ? 'field-error' : undefined}>
          {text}
        </small>
      )}
    </label>
  )
}

const described = (id: string, props: FieldProps) => ({
  name: props.name,
  'aria-invalid': props.message ? true : undefined,
  'aria-describedby': props.message || props.hint ? id : undefined,
})

export function TextInput(props: FieldProps & { value: string; onChange: (value: string) => void; placeholder?: string }) {
  const id = useId()
  return (
    <Field {...props} id={id}>
      <input className="input" value={props.value} placeholder={props.placeholder} onChange={(event) => props.onChange(event.target.value)} {...described(id, props)} />
    </Field>
  )
}

export function TextArea(props: FieldProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  const id = useId()
  return (
    <Field {...props} id={id}>
      <textarea className="textarea" rows={props.rows ?? 3} value={props.value} onChange={(event) => props.onChange(event.target.value)} {...described(id, props)} />
    </Field>
  )
}

/** A whole number; empty is null when optional, NaN (so the check asks for it) when required. */
export function NumberInput(props: FieldProps & { value: number | null; optional?: boolean; min?: number; max?: number; onChange: (value: number | null) => void }) {
  const id = useId()
  const shown = props.value === null || Number.isNaN(props.value) ? '' : String(props.value)
  return (
    <Field {...props} id={id}>
      <input
        className="input input--number"
        type="number"
        min={props.min}
        max={props.max}
        value={shown}
        onChange={(event) => props.onChange(event.target.value === '' ? (props.optional ? null : Number.NaN) : Number(event.target.value))}
        {...described(id, props)}
      />
    </Field>
  )
}

export function Select<T extends string>(props: FieldProps & { value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  const id = useId()
  return (
    <Field {...props} id={id}>
      <select
        className="select"
        value={props.value}
        onChange={(event) => {
          const chosen = props.options.find((option) => option.value === event.target.value)
          if (chosen) props.onChange(chosen.value)
        }}
        {...described(id, props)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  )
}

export function Checkbox({ label, name, checked, onChange }: { label: string; name: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  )
}

/**
 * A list typed as text: one item per line, or comma separated. The text keeps what is being
 * typed (a trailing comma, an empty line); the list it stands for drops the empty items.
 */
export function ListInput(props: FieldProps & { value: readonly string[]; separator: 'line' | 'comma'; onChange: (value: string[]) => void }) {
  const id = useId()
  const join = (items: readonly string[]) => items.join(props.separator === 'line' ? '\n' : ', ')
  const split = (text: string) =>
    text
      .split(props.separator === 'line' ? '\n' : ',')
      .map((item) => item.trim())
      .filter(Boolean)
  const [text, setText] = useState(join(props.value))
  // Undo, redo or a restore changes the list from outside: show it. (split and join depend only
  // on the separator, which a field never changes.)
  useEffect(() => {
    setText((current) => (JSON.stringify(split(current)) === JSON.stringify(props.value) ? current : join(props.value)))
  }, [props.value])
  const change = (next: string) => {
    setText(next)
    props.onChange(split(next))
  }
  return (
    <Field {...props} id={id}>
      {props.separator === 'line' ? (
        <textarea className="textarea" rows={3} value={text} onChange={(event) => change(event.target.value)} {...described(id, props)} />
      ) : (
        <input className="input" value={text} onChange={(event) => change(event.target.value)} {...described(id, props)} />
      )}
    </Field>
  )
}

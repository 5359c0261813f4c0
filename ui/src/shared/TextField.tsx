import { useId, type InputHTMLAttributes } from 'react'

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | null; hint?: string }

/** A labelled input with its own validation message. */
export function TextField({ label, error, hint, ...input }: Props) {
  const messageId = useId()
  const message = error ?? hint
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} aria-invalid={error ? true : undefined} aria-describedby={message ? messageId : undefined} />
      {message && (
        <small id={messageId} className={error ? 'field__error' : 'field__hint'}>
          {message}
        </small>
      )}
    </label>
  )
}

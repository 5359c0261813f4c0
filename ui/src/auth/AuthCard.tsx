import type { FormEvent, ReactNode } from 'react'
import { LanguageSelect } from '../layout/LanguageSelect'

interface Props {
  title: string
  subtitle?: string
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void
  children: ReactNode
  /** Links under the card (to log-in, sign-up...). */
  footer?: ReactNode
}

/** The centred card of the pages used without the sidebar: log-in, sign-up, e-mailed links. */
export function AuthCard({ title, subtitle, onSubmit, children, footer }: Props) {
  const body = (
    <>
      <div className="login__brand">
        <span className="logo" aria-hidden="true">
          F
        </span>
        <div>
          <h1>{title}</h1>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
      </div>
      {children}
      {footer && <div className="login__links">{footer}</div>}
      <LanguageSelect />
    </>
  )
  return (
    <div className="login">
      {onSubmit ? (
        <form className="login__card" noValidate onSubmit={onSubmit}>
          {body}
        </form>
      ) : (
        <div className="login__card">{body}</div>
      )}
    </div>
  )
}

import type { ReactNode } from 'react'

/** A settings-style page: a title, a one-line explanation, then its sections. */
export function Page({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="page">
      <header className="page__header">
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </header>
      {children}
    </main>
  )
}

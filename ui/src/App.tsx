import { useCallback, useEffect, useMemo, useState } from 'react'
import { ForgotPasswordPage } from './auth/ForgotPasswordPage'
import { InvitePage } from './auth/InvitePage'
import { LoginPage } from './auth/LoginPage'
import { ResetPasswordPage } from './auth/ResetPasswordPage'
import { SessionContext, type Session } from './auth/session'
import { SignupPage } from './auth/SignupPage'
import { api, onUnauthorized } from './client'
import type { Me } from './client/types'
import { useT } from './i18n/useT'
import { homePath } from './layout/nav'
import { SignedInApp } from './layout/SignedInApp'
import { isGuestRoute, isPublicRoute, navigate, parseRoute, usePathname } from './router'

type Auth = { phase: 'checking' } | { phase: 'signedOut' } | { phase: 'signedIn'; me: Me }

export function App() {
  const t = useT()
  const route = parseRoute(usePathname())
  const [auth, setAuth] = useState<Auth>({ phase: 'checking' })

  useEffect(() => {
    let cancelled = false
    api
      .GET('/api/auth/me')
      .then(({ data }) => {
        if (!cancelled) setAuth(data ? { phase: 'signedIn', me: data } : { phase: 'signedOut' })
      })
      .catch(() => {
        if (!cancelled) setAuth({ phase: 'signedOut' })
      })
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => onUnauthorized(() => setAuth({ phase: 'signedOut' })), [])

  const permissions = auth.phase === 'signedIn' ? auth.me.permissions : null
  useEffect(() => {
    // Public pages stay put when GET /api/auth/me answers 401: that is their normal case.
    if (auth.phase === 'signedOut' && !isPublicRoute(route)) navigate('/login', { replace: true })
    if (permissions && (isGuestRoute(route) || route.name === 'unknown')) navigate(homePath(permissions), { replace: true })
  }, [auth.phase, permissions, route])

  const signIn = useCallback((me: Me) => setAuth({ phase: 'signedIn', me }), [])
  const enter = useCallback(
    (me: Me) => {
      signIn(me)
      navigate(homePath(me.permissions))
    },
    [signIn],
  )
  const logout = useCallback(async () => {
    await api.POST('/api/auth/logout').catch(() => undefined)
    setAuth({ phase: 'signedOut' })
  }, [])

  const session = useMemo<Session | null>(
    () => (auth.phase === 'signedIn' ? { me: auth.me, logout, setMe: signIn } : null),
    [auth, logout, signIn],
  )

  if (auth.phase === 'checking') return <p className="splash">{t('app.loading')}</p>
  if (route.name === 'invite') return <InvitePage token={route.token} me={session?.me ?? null} onAccepted={enter} />
  if (route.name === 'resetPassword') return <ResetPasswordPage token={route.token} />

  if (!session) {
    if (route.name === 'login') return <LoginPage onLoggedIn={signIn} />
    if (route.name === 'signup') return <SignupPage onSignedUp={signIn} />
    if (route.name === 'forgotPassword') return <ForgotPasswordPage />
    return <p className="splash">{t('app.loading')}</p>
  }

  return (
    <SessionContext.Provider value={session}>
      {/* Keyed by workspace: switching workspaces starts every page's state afresh. */}
      <SignedInApp key={session.me.workspace.id} route={route} />
    </SessionContext.Provider>
  )
}

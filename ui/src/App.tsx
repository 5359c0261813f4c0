import { useCallback, useEffect, useMemo, useState } from 'react'
import { LoginPage } from './auth/LoginPage'
import { SessionContext, type Session } from './auth/session'
import { ChannelsPage } from './channels/ChannelsPage'
import { api, onUnauthorized } from './client'
import type { Me } from './client/types'
import { useT } from './i18n/useT'
import { InboxPage } from './inbox/InboxPage'
import { Shell } from './layout/Shell'
import { navigate, parseRoute, usePathname } from './router'

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

  useEffect(() => {
    if (auth.phase === 'signedOut' && route.name !== 'login') navigate('/login', { replace: true })
    if (auth.phase === 'signedIn' && (route.name === 'login' || route.name === 'unknown')) {
      navigate('/inbox', { replace: true })
    }
  }, [auth.phase, route.name])

  const logout = useCallback(async () => {
    await api.POST('/api/auth/logout').catch(() => undefined)
    setAuth({ phase: 'signedOut' })
  }, [])

  const session = useMemo<Session | null>(
    () => (auth.phase === 'signedIn' ? { me: auth.me, logout } : null),
    [auth, logout],
  )

  if (auth.phase === 'checking') return <p className="splash">{t('app.loading')}</p>

  if (!session) {
    if (route.name !== 'login') return <p className="splash">{t('app.loading')}</p>
    return <LoginPage onLoggedIn={(me) => setAuth({ phase: 'signedIn', me })} />
  }

  return (
    <SessionContext.Provider value={session}>
      <Shell section={route.name === 'channels' ? 'channels' : route.name === 'inbox' ? 'inbox' : null}>
        {route.name === 'inbox' && <InboxPage conversationId={route.conversationId} />}
        {route.name === 'channels' && <ChannelsPage />}
      </Shell>
    </SessionContext.Provider>
  )
}

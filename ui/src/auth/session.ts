import { createContext, useContext } from 'react'
import type { Me } from '../client/types'

export interface Session {
  me: Me
  logout: () => Promise<void>
  /** Replaces who is signed in where: after a workspace switch or a profile change. */
  setMe: (me: Me) => void
}

export const SessionContext = createContext<Session | null>(null)

/** The signed-in user; only usable below the part of the tree rendered after login. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession must be used while signed in')
  return session
}

export function temporalWorkflowUrl(temporalUiUrl: string, workflowId: string): string {
  return `${temporalUiUrl.replace(/\/+$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`
}

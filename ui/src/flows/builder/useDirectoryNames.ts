import { useEffect, useState } from 'react'
import { flowsApi } from '../api'
import type { Directory } from './context'

/** The names of the workspace's other flows and of its teams, for the jump and hand-off steps. */
export function useDirectoryNames(flowId: string): Directory {
  const [directory, setDirectory] = useState<Directory>({ flowId, flows: new Map(), teams: new Map() })
  useEffect(() => {
    let cancelled = false
    // Names only decorate the cards and fill two selects: a failure leaves the ids showing.
    Promise.all([flowsApi.list(), flowsApi.teams()])
      .then(([flows, teams]) => {
        if (cancelled) return
        setDirectory({
          flowId,
          flows: new Map((flows.data?.data ?? []).map((flow) => [flow.id, flow.name])),
          teams: new Map((teams.data?.data ?? []).map((team) => [team.id, team.name])),
        })
      })
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [flowId])
  return directory
}

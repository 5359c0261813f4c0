import { useCallback, useEffect, useState } from 'react'
import { inboxApi, type CannedResponse, type InboxAgent, type InboxTeam, type LabelCount } from './api'

/** The workspace's people and words the inbox picks from: agents, teams, labels, saved replies. */
export interface Directory {
  agents: InboxAgent[]
  teams: InboxTeam[]
  labels: LabelCount[]
  canned: CannedResponse[]
  reloadLabels: () => void
}

async function listOf<T>(request: () => Promise<{ data?: { data: T[] } }>): Promise<T[]> {
  try {
    return (await request()).data?.data ?? []
  } catch {
    // A picker without choices is still usable; the request that matters reports its own error.
    return []
  }
}

export function useDirectory(): Directory {
  const [agents, setAgents] = useState<InboxAgent[]>([])
  const [teams, setTeams] = useState<InboxTeam[]>([])
  const [labels, setLabels] = useState<LabelCount[]>([])
  const [canned, setCanned] = useState<CannedResponse[]>([])

  const reloadLabels = useCallback(() => {
    void listOf(inboxApi.labels).then(setLabels)
  }, [])

  useEffect(() => {
    void listOf(inboxApi.agents).then(setAgents)
    void listOf(inboxApi.teams).then(setTeams)
    void listOf(() => inboxApi.cannedResponses()).then(setCanned)
    reloadLabels()
  }, [reloadLabels])

  return { agents, teams, labels, canned, reloadLabels }
}

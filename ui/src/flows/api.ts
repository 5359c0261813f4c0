import { api, errorDetail, readCookie } from '../client'
import type { paths } from '../client/schema'
import type { FetchResult } from '../shared/useResource'
import { trafficOf } from './dropOff'
import type { FlowGraph, FlowProblem, FlowTrigger } from './graph'
import { normalizeGraph, normalizeProblems, normalizeTrigger } from './normalize'
import type { RunStep } from './runs'

// Every request of the builder goes through this module, so only this file names the flows
// endpoints and their exact types; the rest of the builder sees the normalized graph.

type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs } ? JsonBody<Rs[200 & keyof Rs]> | JsonBody<Rs[201 & keyof Rs]> : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

type WireFlow = Ok<paths['/api/flows/{flow_id}']['get']>
export type FlowSummary = Ok<paths['/api/flows']['get']>['data'][number]
export type FlowCreate = Body<paths['/api/flows']['post']>

/** A flow as the builder edits it. */
export interface LoadedFlow {
  id: string
  name: string
  active: boolean
  published_version: number | null
  graph: FlowGraph
  triggers: FlowTrigger[]
  problems: FlowProblem[]
}

function loaded(flow: WireFlow): LoadedFlow {
  return {
    id: flow.id,
    name: flow.name,
    active: flow.active,
    published_version: flow.published_version,
    graph: normalizeGraph(flow.draft),
    triggers: flow.triggers.map(normalizeTrigger),
    problems: normalizeProblems(flow.problems),
  }
}

async function mapData<T, U>(request: Promise<FetchResult<T>>, map: (data: T) => U): Promise<FetchResult<U>> {
  const { data, error, response } = await request
  return { data: data === undefined ? undefined : map(data), error, response }
}

/** The problems of a refused publish (422), or none when the body is something else. */
export function refusedProblems(error: unknown): FlowProblem[] {
  if (typeof error !== 'object' || error === null || !('problems' in error) || !Array.isArray(error.problems)) return []
  return normalizeProblems(error.problems as Parameters<typeof normalizeProblems>[0])
}

const inFlow = (flowId: string) => ({ path: { flow_id: flowId } })

// Endpoints the lead adds later (preview, runs) are not in the generated paths yet: they go
// through this small JSON request, with the session cookie and the CSRF header the client adds.
async function untyped<T>(method: 'GET' | 'POST', path: string): Promise<FetchResult<T>> {
  const headers: Record<string, string> = {}
  const csrf = readCookie(document.cookie, 'fluxo_csrf')
  if (method !== 'GET' && csrf !== null) headers['X-Fluxo-CSRF'] = csrf
  const response = await fetch(path, { method, headers, credentials: 'include' })
  const body: unknown = response.headers.get('content-type')?.includes('application/json') ? await response.json() : undefined
  return response.ok ? { data: body as T, response } : { error: body, response }
}

/**
 * Whether an answer means "this server has no such endpoint yet" rather than a refusal: the app
 * answers an unknown API path with 404 "Not found." (GET) or 405 (any other method, since the
 * UI's catch-all route takes GET only). A known endpoint's 404 names what it did not find.
 */
export function endpointMissing(status: number, error: unknown): boolean {
  if (status === 405) return true
  const detail = errorDetail(error)
  return status === 404 && (detail === null || /^not found\.?$/i.test(detail))
}

/** A private web chat on which the draft runs (`POST /flows/{id}/preview`). */
export interface PreviewSession {
  public_key: string
  visitor_token: string
}

/** The steps bot runs took in one conversation, and where Temporal shows the run. */
export interface FlowRuns {
  steps: RunStep[]
  temporal_url: string | null
}

/** Reads `{steps | data, temporal_url}`: the contract names the steps, not their key. */
export function parseRuns(body: unknown): FlowRuns {
  if (typeof body !== 'object' || body === null) return { steps: [], temporal_url: null }
  const steps = 'steps' in body && Array.isArray(body.steps) ? body.steps : 'data' in body && Array.isArray(body.data) ? body.data : []
  const url = 'temporal_url' in body && typeof body.temporal_url === 'string' ? body.temporal_url : null
  return { steps: steps as RunStep[], temporal_url: url }
}

export const flowsApi = {
  list: () => api.GET('/api/flows'),
  create: (body: FlowCreate) => api.POST('/api/flows', { body }),
  get: (flowId: string) => mapData(api.GET('/api/flows/{flow_id}', { params: inFlow(flowId) }), loaded),
  saveDraft: (flowId: string, draft: FlowGraph, triggers: FlowTrigger[]) =>
    mapData(api.PUT('/api/flows/{flow_id}/draft', { params: inFlow(flowId), body: { draft, triggers } }), loaded),
  setActive: (flowId: string, active: boolean) => api.PATCH('/api/flows/{flow_id}', { params: inFlow(flowId), body: { active } }),
  remove: (flowId: string) => api.DELETE('/api/flows/{flow_id}', { params: inFlow(flowId) }),
  publish: (flowId: string) => api.POST('/api/flows/{flow_id}/publish', { params: inFlow(flowId) }),
  versions: (flowId: string) => api.GET('/api/flows/{flow_id}/versions', { params: inFlow(flowId) }),
  restore: (flowId: string, version: number) =>
    mapData(api.POST('/api/flows/{flow_id}/versions/{version}/restore', { params: { path: { flow_id: flowId, version } } }), loaded),
  stats: (flowId: string, version: number) =>
    mapData(api.GET('/api/flows/{flow_id}/stats', { params: { path: { flow_id: flowId }, query: { version } } }), (stats) => trafficOf(stats.version ?? version, stats.nodes)),
  preview: (flowId: string) => untyped<PreviewSession>('POST', `/api/flows/${encodeURIComponent(flowId)}/preview`),
  runs: async (flowId: string, conversationId: string) =>
    mapData(
      untyped<unknown>('GET', `/api/flows/${encodeURIComponent(flowId)}/runs?conversation_id=${encodeURIComponent(conversationId)}`),
      parseRuns,
    ),
  teams: () => api.GET('/api/inbox-teams'),
  upload: (file: File) =>
    api.POST('/api/attachments', {
      // The typed body only names the part; the request itself is the multipart form below.
      body: { file: file.name },
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file)
        return form
      },
    }),
}


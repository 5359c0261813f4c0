import { api } from '../../client'
import type { paths } from '../../client/schema'

// Settings → AI names its paths and shapes here only; types come from the generated OpenAPI.
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs } ? JsonBody<Rs[200 & keyof Rs]> : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type AiSettings = Ok<paths['/api/ai-settings']['get']>
export type AiSettingsUpdate = Body<paths['/api/ai-settings']['put']>
export type AiTestResult = Ok<paths['/api/ai-settings/test']['post']>
export type AiErrorKind = NonNullable<AiTestResult['error']>
export type AiUsageRow = Ok<paths['/api/ai-usage']['get']>['data'][number]

export const USAGE_DAYS = 30

export const aiApi = {
  settings: () => api.GET('/api/ai-settings'),
  save: (body: AiSettingsUpdate) => api.PUT('/api/ai-settings', { body }),
  test: () => api.POST('/api/ai-settings/test'),
  usage: () => api.GET('/api/ai-usage', { params: { query: { days: USAGE_DAYS } } }),
}

import type { paths } from '../client/schema'

// Every contacts type is derived from the generated OpenAPI paths (see client/types.ts): the
// backend's models are the only source of API shapes.
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Ok<Op> = Op extends { responses: infer Rs }
  ? JsonBody<Rs[200 & keyof Rs]> | JsonBody<Rs[201 & keyof Rs]> | JsonBody<Rs[202 & keyof Rs]>
  : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type SearchRequest = Body<paths['/api/contacts/search']['post']>
export type ContactsPage = Ok<paths['/api/contacts/search']['post']>
export type Contact = ContactsPage['data'][number]
export type ContactSort = NonNullable<SearchRequest['sort']>
export type SortOrder = NonNullable<SearchRequest['order']>
export type ContactSelection = Body<paths['/api/contacts/export']['post']>
export type ListQuery = Query<paths['/api/contacts']['get']>
export type TagCount = Ok<paths['/api/contacts/tags']['get']>[number]

export type SegmentFilter = NonNullable<Body<paths['/api/segments']['post']>['filter']>
export type Condition = NonNullable<SegmentFilter['conditions']>[number]
// `type` carries a default in the backend's models, so it may be optional in request bodies.
export type FieldCondition = Extract<Condition, { type?: 'field' }>
export type CustomFieldCondition = Extract<Condition, { type?: 'custom_field' }>
export type TagCondition = Extract<Condition, { type?: 'tag' }>
export type ChannelCondition = Extract<Condition, { type?: 'channel' }>
export type ConsentCondition = Extract<Condition, { type?: 'consent' }>
export type GroupCondition = Extract<Condition, { type?: 'group' }>
export type Operator = FieldCondition['operator']
export type StandardField = FieldCondition['field']
export type ConditionValue = NonNullable<FieldCondition['value']> | null
export type ChannelKind = ChannelCondition['channel']
export type ConsentFilterStatus = ConsentCondition['status']

export type Segment = Ok<paths['/api/segments/{segment_id}']['get']>
export type SegmentCreate = Body<paths['/api/segments']['post']>

export type CustomField = Ok<paths['/api/custom-fields']['get']>['data'][number]
export type CustomFieldCreate = Body<paths['/api/custom-fields']['post']>
export type CustomFieldType = CustomField['type']

export type ContactDetail = Ok<paths['/api/contacts/{contact_id}']['get']>
export type ContactPatch = Body<paths['/api/contacts/{contact_id}']['patch']>
export type ContactCreate = Body<paths['/api/contacts']['post']>
export type Consent = ContactDetail['consent'][number]
export type ConsentStatus = Consent['status']
export type ConsentChange = Body<paths['/api/contacts/{contact_id}/consent/{channel}']['put']>
export type Note = Ok<paths['/api/contacts/{contact_id}/notes']['get']>['data'][number]
export type TimelinePage = Ok<paths['/api/contacts/{contact_id}/timeline']['get']>
export type TimelineEntry = TimelinePage['data'][number]

export type ContactImport = Ok<paths['/api/contacts/imports/{import_id}']['get']>
export type UploadedImport = Ok<paths['/api/contacts/imports']['post']>
export type ImportStart = Body<paths['/api/contacts/imports/{import_id}/start']['post']>
export type ImportStatus = ContactImport['status']

export type Suppression = Ok<paths['/api/suppressions']['get']>['data'][number]
export type SuppressionCreate = Body<paths['/api/suppressions']['post']>

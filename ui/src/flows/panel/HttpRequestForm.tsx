import { useT } from '../../i18n/useT'
import type { HttpMethod, HttpRequestNode } from '../graph'
import { NumberInput, Select, TextArea, TextInput } from './fields'
import type { FormProps } from './formProps'
import { PairsEditor } from './PairsEditor'

const methods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

export function HttpRequestForm({ node, update, message }: FormProps<HttpRequestNode>) {
  const t = useT()
  const responseMessage = Object.keys(node.save_response)
    .map((name) => message(`save_response.${name}`))
    .find(Boolean)
  return (
    <>
      <Select label={t('flows.http.method')} name="method" value={node.method} options={methods.map((method) => ({ value: method, label: method }))} onChange={(method) => update({ method }, null)} />
      <TextInput label={t('flows.http.url')} name="url" value={node.url} placeholder="https://" message={message('url')} hint={t('flows.http.privateHint')} onChange={(url) => update({ url }, 'url')} />
      <PairsEditor
        title={t('flows.http.headers')}
        keyLabel={t('flows.http.headerName')}
        valueLabel={t('flows.http.headerValue')}
        name="headers"
        pairs={node.headers}
        message={message('headers')}
        onChange={(headers, key) => update({ headers }, key)}
      />
      {node.method !== 'GET' && <TextArea label={t('flows.http.body')} name="body" rows={4} value={node.body ?? ''} message={message('body')} onChange={(body) => update({ body: body || null }, 'body')} />}
      <NumberInput label={t('flows.http.timeout')} name="timeout_seconds" min={1} max={30} value={node.timeout_seconds} message={message('timeout_seconds')} onChange={(value) => update({ timeout_seconds: value ?? Number.NaN }, 'timeout_seconds')} />
      <PairsEditor
        title={t('flows.http.saveResponse')}
        keyLabel={t('flows.http.variable')}
        valueLabel={t('flows.http.path')}
        name="save_response"
        pairs={node.save_response}
        message={responseMessage ?? message('save_response')}
        onChange={(save_response, key) => update({ save_response }, key)}
      />
    </>
  )
}

import { useCallback } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { CreateFieldForm } from './CreateFieldForm'
import { FieldsTable } from './FieldsTable'

export function CustomFieldsPage() {
  const t = useT()
  const fields = useResource(useCallback(() => api.GET('/api/custom-fields'), []))
  return (
    <Page title={t('customFields.title')} subtitle={t('customFields.subtitle')}>
      <section className="section">
        <h2>{t('customFields.createTitle')}</h2>
        <CreateFieldForm onCreated={(field) => fields.update((page) => ({ data: [...page.data, field] }))} />
      </section>
      <section className="section">
        <h2>{t('customFields.listTitle')}</h2>
        <ResourceStatus state={fields.state} />
        {fields.state.phase === 'ready' && (
          <FieldsTable
            fields={fields.state.data.data}
            onChanged={(changed) => fields.update((page) => ({ data: page.data.map((field) => (field.id === changed.id ? changed : field)) }))}
            onDeleted={(id) => fields.update((page) => ({ data: page.data.filter((field) => field.id !== id) }))}
          />
        )}
      </section>
    </Page>
  )
}

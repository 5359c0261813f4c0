import { useCallback, useState } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { Link } from '../../shared/Link'
import { Page } from '../../shared/Page'
import { useResource } from '../../shared/useResource'
import type { ContactImport } from '../types'
import { ImportProgress } from './ImportProgress'
import { MappingStep } from './MappingStep'
import { RecentImports } from './RecentImports'
import { UploadStep } from './UploadStep'

/** The wizard's step: which import it is on and whether it has started. */
type Step = { name: 'upload' } | { name: 'mapping'; upload: ContactImport } | { name: 'progress'; importId: string }

export function ContactImportPage() {
  const t = useT()
  const { me } = useSession()
  const [step, setStep] = useState<Step>({ name: 'upload' })
  const recent = useResource(useCallback(() => api.GET('/api/contacts/imports', { params: { query: { limit: 10 } } }), []))

  if (!can(me.permissions, 'contacts:manage')) {
    return (
      <main className="page">
        <p className="form-error" role="alert" data-testid="no-access">
          {t('app.noAccess')}
        </p>
      </main>
    )
  }

  const open = (chosen: ContactImport) => setStep(chosen.status === 'uploaded' ? { name: 'mapping', upload: chosen } : { name: 'progress', importId: chosen.id })

  return (
    <Page title={t('import.title')} subtitle={t('import.subtitle')}>
      <p>
        <Link href="/contacts">← {t('contact.back')}</Link>
      </p>
      {step.name === 'upload' && <UploadStep onUploaded={(upload) => setStep({ name: 'mapping', upload })} />}
      {step.name === 'mapping' && (
        <MappingStep
          upload={step.upload}
          onStarted={(started) => {
            setStep({ name: 'progress', importId: started.id })
            recent.reload()
          }}
          onCancel={() => setStep({ name: 'upload' })}
        />
      )}
      {step.name === 'progress' && <ImportProgress key={step.importId} importId={step.importId} onFinished={recent.reload} onAnother={() => setStep({ name: 'upload' })} />}
      <RecentImports state={recent.state} onOpen={(chosen) => void openById(chosen.id).then((found) => found && open(found))} />
    </Page>
  )
}

/** The import with its preview (columns, sample rows), which the list leaves out. */
async function openById(importId: string): Promise<ContactImport | null> {
  const { data } = await api.GET('/api/contacts/imports/{import_id}', { params: { path: { import_id: importId } } })
  return data ?? null
}

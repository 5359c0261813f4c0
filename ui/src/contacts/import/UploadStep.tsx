import { useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useProblemAction } from '../useProblemAction'
import type { ContactImport } from '../types'

export function UploadStep({ onUploaded }: { onUploaded: (upload: ContactImport) => void }) {
  const t = useT()
  const { busy, error, setError, run } = useProblemAction()
  const [file, setFile] = useState<File | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!file) {
      setError(t('import.fileRequired'))
      return
    }
    const result = await run(() =>
      api.POST('/api/contacts/imports', {
        // The typed body only names the part; the request itself is the multipart form below.
        body: { file: file.name },
        bodySerializer: () => {
          const form = new FormData()
          form.append('file', file)
          return form
        },
      }),
    )
    if (result?.data) onUploaded(result.data)
  }

  return (
    <section className="section">
      <form className="card stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="import-upload">
        <label className="field">
          <span>{t('import.file')}</span>
          <input type="file" name="file" accept=".csv,text/csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </label>
        <FormError message={error} testId="import-upload-error" />
        <div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('import.uploading') : t('import.upload')}
          </button>
        </div>
      </form>
    </section>
  )
}

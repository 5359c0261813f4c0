import { useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'
import { flowsApi } from '../api'

/** Name and describe a new flow; its builder opens once it exists. */
export function CreateFlowForm({ onCreated }: { onCreated: (flowId: string) => void }) {
  const t = useT()
  const action = useAction()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) {
      setNameError(t('flows.nameRequired'))
      return
    }
    setNameError(null)
    const result = await action.run(() => flowsApi.create({ name: name.trim(), description: description.trim() }), 'flows.invalidInput')
    if (result?.data) onCreated(result.data.id)
  }

  return (
    <form className="inline-form" data-testid="flow-create" onSubmit={(event) => void submit(event)} noValidate>
      <div className="inline-form__grow">
        <TextField label={t('flows.name')} name="name" value={name} maxLength={100} error={nameError} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="inline-form__grow">
        <TextField label={t('flows.description')} name="description" value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <button type="submit" className="button button--primary" disabled={action.busy}>
        {action.busy ? t('flows.creating') : t('flows.create')}
      </button>
      <div className="inline-form__messages">
        <FormError message={action.error} />
      </div>
    </form>
  )
}

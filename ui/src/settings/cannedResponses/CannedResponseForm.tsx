import { useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import type { CannedResponse, CannedResponseDraft } from '../../inbox/api'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'
import type { FetchResult } from '../../shared/useResource'
import { cleanDraft, draftErrors, type DraftErrors } from './cannedDraft'

interface Props {
  initial: CannedResponseDraft
  submitLabel: string
  testId: string
  save: (draft: CannedResponseDraft) => Promise<FetchResult<CannedResponse>>
  onSaved: (saved: CannedResponse) => void
  onCancel?: () => void
}

/** Creates or edits one saved reply; a new one starts empty again after saving. */
export function CannedResponseForm({ initial, submitLabel, testId, save, onSaved, onCancel }: Props) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [draft, setDraft] = useState(initial)
  const [errors, setErrors] = useState<DraftErrors>({})
  const field = (name: keyof CannedResponseDraft) => (errors[name] ? t(errors[name]) : null)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const invalid = draftErrors(draft)
    setErrors(invalid)
    if (Object.keys(invalid).length > 0) return
    const result = await run(() => save(cleanDraft(draft)), 'canned.error.invalid')
    if (!result?.data) return
    onSaved(result.data)
    if (!onCancel) setDraft(initial)
  }

  return (
    <form className="stack-form" noValidate data-testid={testId} onSubmit={(event) => void onSubmit(event)}>
      <TextField
        label={t('canned.shortcut')}
        name="shortcut"
        value={draft.shortcut}
        maxLength={41}
        hint={t('canned.shortcutHint')}
        error={field('shortcut')}
        onChange={(event) => setDraft({ ...draft, shortcut: event.target.value })}
      />
      <TextField label={t('canned.titleField')} name="title" value={draft.title} maxLength={100} error={field('title')} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
      <label className="field">
        <span>{t('canned.body')}</span>
        <textarea
          className="textarea"
          name="body"
          rows={4}
          value={draft.body}
          aria-invalid={errors.body ? true : undefined}
          onChange={(event) => setDraft({ ...draft, body: event.target.value })}
        />
        <small className={errors.body ? 'field__error' : 'field__hint'}>{field('body') ?? t('canned.bodyHint')}</small>
      </label>
      <FormError message={error} testId={`${testId}-error`} />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  )
}

import { useCallback } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { useResource } from '../../shared/useResource'
import { fieldLabel } from '../labels'

interface Props {
  value: string
  disabled: boolean
  error: string | null
  onChange: (userId: string) => void
}

/** The teammate who owns the contact; "no owner" is the empty value. */
export function OwnerSelect({ value, disabled, error, onChange }: Props) {
  const t = useT()
  const members = useResource(useCallback(() => api.GET('/api/team/members'), []))
  const options = members.state.phase === 'ready' ? members.state.data.data : []
  return (
    <label className="field" data-testid="contact-owner">
      <span>{fieldLabel('owner_user_id', t)}</span>
      <select className="select" name="owner_user_id" disabled={disabled} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('contact.noOwner')}</option>
        {options.map((member) => (
          <option key={member.user_id} value={member.user_id}>
            {member.full_name || member.email}
          </option>
        ))}
      </select>
      {error && <small className="field__error">{error}</small>}
    </label>
  )
}

import { useT } from '../../i18n/useT'
import { TextField } from '../../shared/TextField'
import { channelLabel, channels, consentLabel } from '../labels'
import type { ChannelKind } from '../types'

/** What the import records as every row's consent: nothing, or a status on one channel. */
export interface ConsentChoice {
  status: '' | 'opted_in' | 'opted_out'
  channel: ChannelKind
  source: string
  proof: string
}

export const noConsent: ConsentChoice = { status: '', channel: 'whatsapp', source: 'import', proof: '' }

/** The `consent` import option for a choice; null when none is to be recorded. */
export function consentOption(choice: ConsentChoice) {
  if (choice.status === '') return null
  return { channel: choice.channel, status: choice.status, source: choice.source.trim() || 'import', proof: choice.proof.trim() }
}

export function ConsentOption({ value, onChange }: { value: ConsentChoice; onChange: (choice: ConsentChoice) => void }) {
  const t = useT()
  return (
    <div className="inline-form" data-testid="import-consent">
      <label className="field">
        <span>{t('import.consent')}</span>
        <select className="select" name="consent_status" value={value.status} onChange={(event) => onChange({ ...value, status: event.target.value as ConsentChoice['status'] })}>
          <option value="">{t('import.consentNone')}</option>
          <option value="opted_in">{consentLabel('opted_in', t)}</option>
          <option value="opted_out">{consentLabel('opted_out', t)}</option>
        </select>
      </label>
      {value.status !== '' && (
        <>
          <label className="field">
            <span>{t('import.consentChannel')}</span>
            <select className="select" name="consent_channel" value={value.channel} onChange={(event) => onChange({ ...value, channel: event.target.value as ChannelKind })}>
              {channels.map((channel) => (
                <option key={channel} value={channel}>
                  {channelLabel(channel, t)}
                </option>
              ))}
            </select>
          </label>
          <TextField label={t('import.consentSource')} name="consent_source" value={value.source} onChange={(event) => onChange({ ...value, source: event.target.value })} />
          <div className="inline-form__grow">
            <TextField label={t('import.consentProof')} name="consent_proof" value={value.proof} onChange={(event) => onChange({ ...value, proof: event.target.value })} />
          </div>
        </>
      )}
    </div>
  )
}

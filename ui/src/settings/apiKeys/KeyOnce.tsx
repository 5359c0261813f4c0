import { useT } from '../../i18n/useT'
import { CopyButton } from '../../shared/CopyButton'

/** The secret of a new key: the API returns it once, and the UI keeps it only until dismissed. */
export function KeyOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const t = useT()
  return (
    <div className="key-once" role="status">
      <h2>{t('apiKeys.createdTitle', { name })}</h2>
      <p className="key-once__warning">{t('apiKeys.copyWarning')}</p>
      <div className="snippet">
        <pre data-testid="key-once">{secret}</pre>
        <CopyButton text={secret} />
      </div>
      <button type="button" className="button" onClick={onDone} data-testid="key-once-done">
        {t('apiKeys.done')}
      </button>
    </div>
  )
}

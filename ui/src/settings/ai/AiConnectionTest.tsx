import { useState } from 'react'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { aiApi, type AiTestResult } from './api'
import { testErrorKey } from './aiDraft'

/** Sends a tiny completion with the saved settings and says what came of it. */
export function AiConnectionTest({ onTested }: { onTested: () => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [result, setResult] = useState<AiTestResult | null>(null)

  const test = async () => {
    setResult(null)
    const answer = await run(() => aiApi.test())
    if (!answer?.data) return
    setResult(answer.data)
    if (answer.data.ok) onTested()
  }

  return (
    <div className="stack-form">
      <p className="muted">{t('ai.testHelp')}</p>
      <div>
        <button type="button" className="button" disabled={busy} data-testid="ai-test" onClick={() => void test()}>
          {busy ? t('ai.testing') : t('ai.test')}
        </button>
      </div>
      <FormError message={error} />
      {result?.ok && (
        <p className="form-success" role="status" data-testid="ai-test-ok">
          {t('ai.test.ok', { model: result.model ?? '' })}
        </p>
      )}
      {result && !result.ok && (
        <div className="form-error" role="alert" data-testid="ai-test-failed">
          <strong>{result.error ? t(testErrorKey(result.error)) : result.detail}</strong>
          {result.error && <p>{result.detail}</p>}
        </div>
      )}
    </div>
  )
}

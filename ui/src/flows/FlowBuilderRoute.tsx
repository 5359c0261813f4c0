import { lazy, Suspense } from 'react'
import { useT } from '../i18n/useT'

// The builder (React Flow and its canvas) loads on first use, so other pages stay light.
const FlowBuilderPage = lazy(() => import('./builder/FlowBuilderPage').then((module) => ({ default: module.FlowBuilderPage })))

export function FlowBuilderRoute({ flowId }: { flowId: string }) {
  const t = useT()
  return (
    <Suspense fallback={<p className="splash">{t('app.loading')}</p>}>
      <FlowBuilderPage flowId={flowId} />
    </Suspense>
  )
}

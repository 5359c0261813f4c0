import { useShallow } from 'zustand/react/shallow'
import { useT } from '../../i18n/useT'
import { flowProblems, problemText } from '../problems'
import { useBuilder } from './context'

/** Problems of the whole flow (or of a step since deleted), above the canvas. */
export function FlowProblemsBanner() {
  const t = useT()
  const problems = useBuilder(useShallow((state) => flowProblems(state.problems, new Set(state.nodes.map((node) => node.id)))))
  if (problems.length === 0) return null
  return (
    <div className="builder__banner" role="alert" data-testid="flow-problems">
      <strong>{t('flows.builder.flowProblems')}</strong>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{problemText(problem.message, t)}</li>
        ))}
      </ul>
    </div>
  )
}

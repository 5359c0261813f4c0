import { useT } from '../../i18n/useT'
import type { SplitNode } from '../graph'
import { NumberInput } from './fields'
import type { FormProps } from './formProps'

const letters = 'abcdefghij'

/** Branches A, B, … with the share of contacts each gets; the shares add up to 100. */
export function SplitForm({ node, update, message }: FormProps<SplitNode>) {
  const t = useT()
  const total = node.branches.reduce((sum, branch) => sum + (Number.isNaN(branch.percent) ? 0 : branch.percent), 0)
  const nextId = [...letters].find((letter) => !node.branches.some((branch) => branch.id === letter))
  return (
    <>
      {node.branches.map((branch, index) => (
        <div key={branch.id} className="panel-row">
          <NumberInput
            label={t('flows.split.branch', { id: branch.id.toUpperCase() })}
            name={`branches.${index}.percent`}
            min={0}
            max={100}
            value={branch.percent}
            message={message(`branches.${index}.percent`)}
            onChange={(percent) => update({ branches: node.branches.map((other, i) => (i === index ? { ...other, percent: percent ?? Number.NaN } : other)) }, `branches.${branch.id}`)}
          />
          <button type="button" className="button button--small button--ghost" disabled={node.branches.length <= 2} onClick={() => update({ branches: node.branches.filter((_, i) => i !== index) }, null)}>
            {t('flows.panel.remove')}
          </button>
        </div>
      ))}
      <p className={message('branches') ? 'field__error small' : 'muted small'} data-testid="split-total">
        {message('branches') ?? t('flows.split.total', { total })}
      </p>
      {nextId && node.branches.length < 10 && (
        <button type="button" className="button button--small" onClick={() => update({ branches: [...node.branches, { id: nextId, percent: 0 }] }, null)}>
          {t('flows.split.addBranch')}
        </button>
      )}
    </>
  )
}

import { useCallback, useState } from 'react'
import { errorDetail } from '../client'
import type { MessageKey } from '../i18n/en'
import { useAction, type Action } from '../shared/useAction'
import type { FetchResult } from '../shared/useResource'
import { parseProblems, type Problems } from './problems'

export interface ProblemAction extends Action {
  /** Where the last refused request went wrong (422 bodies), to show each message on its input. */
  problems: Problems
}

const none: Problems = new Map()

/** useAction that also keeps the per-field problems of a 422 answer. */
export function useProblemAction(): ProblemAction {
  const action = useAction()
  const { run: runAction, setError } = action
  const [problems, setProblems] = useState<Problems>(none)

  const run = useCallback(
    async <T,>(request: () => Promise<FetchResult<T>>, invalidInput?: MessageKey) => {
      let found: Problems = none
      let detail: string | null = null
      const result = await runAction(async () => {
        const answer = await request()
        if (answer.response.status === 422) {
          found = parseProblems(answer.error)
          detail = errorDetail(answer.error)
        }
        return answer
      }, invalidInput)
      setProblems(found)
      // A 422 whose detail is a sentence (not a list of fields) says exactly what to fix.
      if (detail !== null) setError(detail)
      return result
    },
    [runAction, setError],
  )

  return { ...action, run, problems }
}

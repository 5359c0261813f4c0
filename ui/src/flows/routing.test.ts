import { describe, expect, it } from 'vitest'
import type { Permission } from '../client/types'
import { canOpen, sectionOf } from '../layout/nav'
import { flowPath, parseRoute } from '../router'

describe('flow routes', () => {
  it('opens the list and a builder, both under the flows section', () => {
    expect(parseRoute('/flows')).toEqual({ name: 'flows' })
    expect(parseRoute(flowPath('3f1c'))).toEqual({ name: 'flow', flowId: '3f1c' })
    expect(sectionOf(parseRoute('/flows/3f1c'))).toBe('flows')
    expect(parseRoute('/flows/3f1c/extra')).toEqual({ name: 'unknown' })
  })

  it('needs flows:manage', () => {
    const agent: Permission[] = ['inbox:read', 'inbox:reply', 'contacts:read']
    expect(canOpen('flows', agent)).toBe(false)
    expect(canOpen('flows', [...agent, 'flows:manage'])).toBe(true)
  })
})

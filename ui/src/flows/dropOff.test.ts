import { describe, expect, it } from 'vitest'
import { dropOffRatio, endsByDesign, formatPercent, trafficBadge, trafficOf, versionChoices } from './dropOff'

describe('drop-off', () => {
  it('counts the share of the runs that reached a step and stopped there', () => {
    expect(dropOffRatio({ entered: 4, left: 3 })).toBe(0.25)
    expect(dropOffRatio({ entered: 4, left: 4 })).toBe(0)
    expect(dropOffRatio({ entered: 0, left: 0 })).toBeNull()
    // An answer with more leaving than entering never reads as a negative share.
    expect(dropOffRatio({ entered: 2, left: 3 })).toBe(0)
  })

  it('treats end, hand-off and jump as ends by design', () => {
    expect(['end', 'handoff', 'jump'].map(endsByDesign)).toEqual([true, true, true])
    expect(['start', 'ask_question', 'delay', 'ai_reply'].map(endsByDesign)).toEqual([false, false, false, false])
  })

  it('formats whole percents, and a tiny share with a decimal so it never reads as none', () => {
    expect(formatPercent(0.25, 'en')).toBe('25%')
    expect(formatPercent(1 / 3, 'en')).toBe('33%')
    expect(formatPercent(0, 'en')).toBe('0%')
    expect(formatPercent(0.004, 'en')).toBe('0.4%')
    expect(formatPercent(0.004, 'pt-BR')).toBe('0,4%')
  })

  it('badges a step with its entered count, and its drop-off unless it ends the run', () => {
    expect(trafficBadge('ask_question', { entered: 10, left: 7 }, 'en')).toEqual({ entered: 10, dropOff: '30%', losing: true })
    expect(trafficBadge('start', { entered: 3, left: 3 }, 'en')).toEqual({ entered: 3, dropOff: '0%', losing: false })
    expect(trafficBadge('end', { entered: 5, left: 0 }, 'en')).toEqual({ entered: 5, dropOff: null, losing: false })
    expect(trafficBadge('handoff', { entered: 2, left: 0 }, 'en').dropOff).toBeNull()
    expect(trafficBadge('send_message', undefined, 'en')).toEqual({ entered: 0, dropOff: null, losing: false })
  })

  it('reads the stats answer by node id', () => {
    const traffic = trafficOf(2, { start: { entered: 1, left: 1 } })
    expect(traffic.version).toBe(2)
    expect(traffic.nodes.get('start')).toEqual({ entered: 1, left: 1 })
    expect(traffic.nodes.get('gone')).toBeUndefined()
  })

  it('offers the published versions newest first, then the previews', () => {
    expect(versionChoices([1, 3, 2])).toEqual([3, 2, 1, 0])
    expect(versionChoices([])).toEqual([0])
  })
})

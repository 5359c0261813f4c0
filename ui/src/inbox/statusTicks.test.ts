import { describe, expect, it } from 'vitest'
import { statusTick } from './statusTicks'

describe('statusTick', () => {
  it('shows a clock, one tick, two ticks, coloured ticks or a failure for outbound messages', () => {
    expect(statusTick('queued', 'outbound')).toEqual({ glyph: '', clock: true, tone: 'pending' })
    expect(statusTick('sent', 'outbound')).toEqual({ glyph: '✓', clock: false, tone: 'sent' })
    expect(statusTick('delivered', 'outbound')).toEqual({ glyph: '✓✓', clock: false, tone: 'delivered' })
    expect(statusTick('read', 'outbound')).toEqual({ glyph: '✓✓', clock: false, tone: 'read' })
    expect(statusTick('failed', 'outbound').tone).toBe('failed')
  })

  it('shows nothing on what the contact sent', () => {
    expect(statusTick('received', 'inbound').tone).toBe('none')
    expect(statusTick('read', 'inbound').glyph).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { backoffDelay, webSocketUrl } from './reconnectingSocket'

describe('backoffDelay', () => {
  it('doubles per attempt within jitter bounds and stops at the cap', () => {
    expect(backoffDelay(0, 500, 15_000, () => 0)).toBe(250)
    expect(backoffDelay(0, 500, 15_000, () => 1)).toBe(500)
    expect(backoffDelay(3, 500, 15_000, () => 1)).toBe(4000)
    expect(backoffDelay(20, 500, 15_000, () => 1)).toBe(15_000)
  })
})

describe('webSocketUrl', () => {
  it('maps http to ws and https to wss, keeping the query', () => {
    expect(webSocketUrl('http://localhost:8000', '/api/ws')).toBe('ws://localhost:8000/api/ws')
    expect(webSocketUrl('https://fluxo.example', '/api/widget/k/ws?token=t')).toBe('wss://fluxo.example/api/widget/k/ws?token=t')
  })
})

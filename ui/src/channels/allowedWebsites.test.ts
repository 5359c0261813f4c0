import { describe, expect, it } from 'vitest'
import { websiteErrors, websitesFromText, websitesToText } from './allowedWebsites'

describe('allowed websites', () => {
  it('reads one website per line, ignoring blank lines and spaces', () => {
    expect(websitesFromText('  https://loja.example.com.br \n\n\thttp://localhost:3000\n')).toEqual([
      'https://loja.example.com.br',
      'http://localhost:3000',
    ])
    expect(websitesFromText('   \n')).toEqual([])
    expect(websitesFromText(websitesToText(['https://a.example', 'https://b.example']))).toEqual(['https://a.example', 'https://b.example'])
  })

  it('matches each refusal to the website it is about', () => {
    const sent = ['https://ok.example', 'loja.example.com.br']
    const error = {
      detail: [
        { loc: ['body', 'allowed_origins', 1], msg: "Value error, 'loja.example.com.br' must start with https:// or http://", type: 'value_error' },
        { loc: ['body', 'name'], msg: 'ignored', type: 'value_error' },
      ],
    }
    expect(websiteErrors(error, sent)).toEqual([
      { website: 'loja.example.com.br', message: "'loja.example.com.br' must start with https:// or http://" },
    ])
    expect(websiteErrors({ detail: 'Not found' }, sent)).toEqual([])
  })
})

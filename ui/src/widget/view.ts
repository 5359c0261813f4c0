import type { WidgetText } from './i18n'
import type { WidgetMessage } from './state'
import { widgetCss } from './styles'

export interface ViewHandlers {
  onToggle: () => void
  onSend: (text: string) => void
  onRetry: (clientMessageId: string) => void
}

export interface WidgetView {
  setTitle: (title: string) => void
  setOpen: (open: boolean) => void
  setNotice: (text: string | null) => void
  setUnread: (unread: boolean) => void
  renderMessages: (messages: readonly WidgetMessage[]) => void
}

const chatIcon =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>'

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

export function mountView(text: WidgetText, handlers: ViewHandlers): WidgetView {
  const host = document.createElement('div')
  host.setAttribute('data-fluxo-widget', '')
  // Open mode on purpose: end-to-end tests (and assistive tooling) need to reach inside.
  const shadow = host.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = widgetCss

  const root = element('div', 'root')
  const panel = element('section', 'panel')
  panel.hidden = true
  panel.setAttribute('role', 'dialog')
  panel.id = 'fluxo-panel'

  const header = element('header', 'header')
  const title = element('span', 'title', text.fallbackTitle)
  const close = element('button', 'close', '×')
  close.type = 'button'
  close.setAttribute('aria-label', text.closeChat)
  close.addEventListener('click', handlers.onToggle)
  header.append(title, close)
  panel.setAttribute('aria-label', text.fallbackTitle)

  const notice = element('div', 'notice')
  notice.hidden = true
  notice.setAttribute('role', 'status')
  notice.setAttribute('data-testid', 'fluxo-widget-notice')

  const list = element('ol', 'list')
  list.setAttribute('aria-live', 'polite')

  const form = element('form', 'form')
  const input = element('input', 'input')
  input.type = 'text'
  input.placeholder = text.placeholder
  input.setAttribute('aria-label', text.placeholder)
  input.setAttribute('data-testid', 'fluxo-widget-input')
  input.maxLength = 4000
  const send = element('button', 'send', text.send)
  send.type = 'submit'
  send.disabled = true
  send.setAttribute('data-testid', 'fluxo-widget-send')
  input.addEventListener('input', () => {
    send.disabled = input.value.trim() === ''
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const value = input.value.trim()
    if (value === '') return
    input.value = ''
    send.disabled = true
    handlers.onSend(value)
  })
  form.append(input, send)
  panel.append(header, notice, list, form)

  const bubble = element('button', 'bubble')
  bubble.type = 'button'
  bubble.innerHTML = chatIcon
  bubble.setAttribute('aria-label', text.openChat)
  bubble.setAttribute('aria-expanded', 'false')
  bubble.setAttribute('aria-controls', panel.id)
  bubble.setAttribute('data-testid', 'fluxo-widget-bubble')
  const dot = element('span', 'dot')
  dot.hidden = true
  bubble.append(dot)
  bubble.addEventListener('click', handlers.onToggle)

  root.append(panel, bubble)
  shadow.append(style, root)
  document.body.append(host)

  return {
    setTitle: (value) => {
      title.textContent = value
      panel.setAttribute('aria-label', value)
    },
    setOpen: (open) => {
      panel.hidden = !open
      bubble.setAttribute('aria-expanded', String(open))
      if (open) {
        list.scrollTop = list.scrollHeight
        input.focus()
      }
    },
    setNotice: (value) => {
      notice.hidden = value === null
      notice.textContent = value ?? ''
    },
    setUnread: (unread) => {
      dot.hidden = !unread
    },
    renderMessages: (messages) => {
      const items = messages.map((message) => renderMessage(message, text, handlers))
      if (items.length === 0) items.push(element('li', 'greeting', text.greeting))
      list.replaceChildren(...items)
      list.scrollTop = list.scrollHeight
    },
  }
}

function renderMessage(message: WidgetMessage, text: WidgetText, handlers: ViewHandlers): HTMLLIElement {
  const item = element('li', 'message', message.text)
  item.setAttribute('data-testid', 'fluxo-widget-message')
  item.setAttribute('data-direction', message.direction)
  item.setAttribute('data-status', message.status)
  const clientMessageId = message.clientMessageId
  // Hints are drawn by CSS from data-hint so the element's text stays the message text.
  if (message.status === 'pending') item.setAttribute('data-hint', text.sending)
  if (message.status === 'failed' && message.id === null && clientMessageId !== null) {
    item.setAttribute('data-hint', text.failed)
    item.setAttribute('role', 'button')
    item.tabIndex = 0
    item.addEventListener('click', () => handlers.onRetry(clientMessageId))
  }
  return item
}

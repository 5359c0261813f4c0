import { startWidget } from './controller'
import { widgetText } from './i18n'

// document.currentScript is only set while this file first runs, so read it before anything async.
function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript
  if (current instanceof HTMLScriptElement && current.dataset.fluxoKey) return current
  return document.querySelector<HTMLScriptElement>('script[data-fluxo-key]')
}

function boot(): void {
  const script = findOwnScript()
  const channelKey = script?.dataset.fluxoKey
  if (!script || !channelKey) return
  // Pasting the snippet twice must not render two bubbles.
  if (document.querySelector('[data-fluxo-widget]')) return
  const origin = new URL(script.src || window.location.href, window.location.href).origin
  const text = widgetText(script.dataset.lang ?? navigator.language)
  const start = () => startWidget({ origin, channelKey, text })
  if (document.body) start()
  else document.addEventListener('DOMContentLoaded', start, { once: true })
}

boot()

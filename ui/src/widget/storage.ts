// localStorage can throw (disabled storage, sandboxed iframes): the widget then works for this page view only.

function storageKey(channelKey: string): string {
  return `fluxo:visitor:${channelKey}`
}

export function loadVisitorToken(channelKey: string): string | null {
  try {
    return localStorage.getItem(storageKey(channelKey))
  } catch {
    return null
  }
}

export function saveVisitorToken(channelKey: string, token: string): void {
  try {
    localStorage.setItem(storageKey(channelKey), token)
  } catch {
    // See above.
  }
}

import { useEffect } from 'react'
import { useT } from '../../i18n/useT'

/**
 * Asks before unsaved changes are lost: on reload or closing the tab (the browser's own prompt),
 * and on an in-app link, whose click is stopped before the router sees it when the user stays.
 */
export function useLeaveGuard(dirty: boolean): void {
  const t = useT()
  useEffect(() => {
    if (!dirty) return
    const onUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
    }
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.origin !== window.location.origin) return
      if (link.pathname === window.location.pathname) return
      if (!window.confirm(t('flows.builder.leaveConfirm'))) {
        event.preventDefault()
        event.stopPropagation()
      }
    }
    window.addEventListener('beforeunload', onUnload)
    document.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('beforeunload', onUnload)
      document.removeEventListener('click', onClick, true)
    }
  }, [dirty, t])
}

import { useEffect, useState } from 'react'
import { useT } from '../i18n/useT'

export function CopyButton({ text }: { text: string }) {
  const t = useT()
  const [copied, setCopied] = useState(false)

  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
    } catch {
      // The clipboard API needs a secure context; the <pre> stays selectable by hand.
      setCopied(false)
    }
  }

  return (
    <button type="button" className="button button--small" onClick={() => void copy()}>
      {copied ? t('channels.copied') : t('channels.copy')}
    </button>
  )
}

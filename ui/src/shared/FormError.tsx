/** A refused request or failed check, announced to screen readers. */
export function FormError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
    </p>
  )
}

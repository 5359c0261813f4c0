/** The trimmed-or-raw string value of a named form field ("" when absent). */
export function fieldValue(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

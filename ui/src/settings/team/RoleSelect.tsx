import type { Role } from '../../client/types'
import { useT } from '../../i18n/useT'

interface Props {
  value: Role
  options: readonly Role[]
  name?: string
  label: string
  disabled?: boolean
  onChange?: (role: Role) => void
}

export function RoleSelect({ value, options, name, label, disabled, onChange }: Props) {
  const t = useT()
  return (
    <select
      className="select"
      name={name}
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => {
        const role = options.find((option) => option === event.target.value)
        if (role) onChange?.(role)
      }}
    >
      {options.map((role) => (
        <option key={role} value={role}>
          {t(`header.role.${role}`)}
        </option>
      ))}
    </select>
  )
}

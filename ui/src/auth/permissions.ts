import type { Permission, Role } from '../client/types'

/** Whether the signed-in user's role grants this permission (the API checks again on every call). */
export function can(permissions: readonly Permission[], permission: Permission): boolean {
  return permissions.includes(permission)
}

/** Every role, most powerful first; the type check fails when the backend adds one. */
export const roles = ['owner', 'admin', 'marketer', 'agent'] as const satisfies readonly Role[]
type MissingRole = Exclude<Role, (typeof roles)[number]>
const everyRoleListed: [MissingRole] extends [never] ? true : false = true
void everyRoleListed

/** Roles this user may hand out: only owners may make someone an owner. */
export function assignableRoles(myRole: Role): Role[] {
  return myRole === 'owner' ? [...roles] : roles.filter((role) => role !== 'owner')
}

/** Whether this user may change or remove a member with `memberRole`: admins cannot touch owners. */
export function canManageMember(permissions: readonly Permission[], myRole: Role, memberRole: Role): boolean {
  if (!can(permissions, 'team:manage')) return false
  return memberRole !== 'owner' || myRole === 'owner'
}

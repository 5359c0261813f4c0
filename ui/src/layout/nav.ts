import { can } from '../auth/permissions'
import type { Permission } from '../client/types'
import type { MessageKey } from '../i18n/en'
import type { Route } from '../router'

export type Section =
  | 'inbox'
  | 'contacts'
  | 'channels'
  | 'flows'
  | 'team'
  | 'customFields'
  | 'suppressions'
  | 'cannedResponses'
  | 'aiSettings'
  | 'apiKeys'
  | 'audit'
  | 'profile'

export interface NavItem {
  section: Section
  href: string
  label: MessageKey
  /** What the role needs to see the page; null for pages every member has. */
  permission: Permission | null
}

export const navItems: readonly NavItem[] = [
  { section: 'inbox', href: '/inbox', label: 'nav.inbox', permission: 'inbox:read' },
  { section: 'contacts', href: '/contacts', label: 'nav.contacts', permission: 'contacts:read' },
  { section: 'channels', href: '/channels', label: 'nav.channels', permission: 'channels:read' },
  { section: 'flows', href: '/flows', label: 'nav.flows', permission: 'flows:manage' },
  { section: 'team', href: '/settings/team', label: 'nav.team', permission: 'team:read' },
  { section: 'customFields', href: '/settings/custom-fields', label: 'nav.customFields', permission: 'contacts:manage' },
  { section: 'suppressions', href: '/settings/suppressions', label: 'nav.suppressions', permission: 'contacts:manage' },
  { section: 'cannedResponses', href: '/settings/canned-responses', label: 'nav.cannedResponses', permission: 'inbox:reply' },
  { section: 'aiSettings', href: '/settings/ai', label: 'nav.aiSettings', permission: 'flows:manage' },
  { section: 'apiKeys', href: '/settings/api-keys', label: 'nav.apiKeys', permission: 'api_keys:manage' },
  { section: 'audit', href: '/settings/audit', label: 'nav.audit', permission: 'audit:read' },
  { section: 'profile', href: '/settings/profile', label: 'nav.profile', permission: null },
]

function isAllowed(item: NavItem, permissions: readonly Permission[]): boolean {
  return item.permission === null || can(permissions, item.permission)
}

/** The sidebar entries this user's permissions allow, in sidebar order. */
export function visibleNavItems(permissions: readonly Permission[]): NavItem[] {
  return navItems.filter((item) => isAllowed(item, permissions))
}

/** Where a signed-in user lands: the first page they may open (the profile is always there). */
export function homePath(permissions: readonly Permission[]): string {
  return visibleNavItems(permissions)[0]?.href ?? '/settings/profile'
}

/** The sidebar section a route belongs to, or null for routes outside the signed-in app. */
export function sectionOf(route: Route): Section | null {
  switch (route.name) {
    case 'inbox':
    case 'channels':
    case 'team':
    case 'apiKeys':
    case 'audit':
    case 'profile':
    case 'contacts':
    case 'customFields':
    case 'suppressions':
    case 'cannedResponses':
    case 'aiSettings':
    case 'flows':
      return route.name
    // The contact page and the import wizard live under Contacts; the wizard checks
    // contacts:manage itself.
    case 'contact':
    case 'contactImport':
      return 'contacts'
    case 'flow':
      return 'flows'
    default:
      return null
  }
}

/** Whether this user may open the section's page at all. */
export function canOpen(section: Section, permissions: readonly Permission[]): boolean {
  const item = navItems.find((candidate) => candidate.section === section)
  return item !== undefined && isAllowed(item, permissions)
}

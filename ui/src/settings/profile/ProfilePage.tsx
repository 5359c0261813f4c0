import { useT } from '../../i18n/useT'
import { Page } from '../../shared/Page'
import { PasswordForm } from './PasswordForm'
import { ProfileForm } from './ProfileForm'

export function ProfilePage() {
  const t = useT()
  return (
    <Page title={t('profile.title')} subtitle={t('profile.subtitle')}>
      <section className="section">
        <h2>{t('profile.details')}</h2>
        <ProfileForm />
      </section>
      <section className="section">
        <h2>{t('profile.passwordTitle')}</h2>
        <PasswordForm />
      </section>
    </Page>
  )
}

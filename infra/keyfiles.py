"""Keys kept in the data folder when settings name none (the embedded default)."""

from domain.settings import Settings
from infra.secrets import SecretBox, new_encryption_key, parse_keys


def load_secret_box(settings: Settings) -> SecretBox:
    """The configured keys, or one generated once and kept in the data folder."""
    if settings.encryption_keys is not None:
        return SecretBox(parse_keys(settings.encryption_keys.get_secret_value()))
    path = settings.data_dir / "encryption.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(new_encryption_key())
        path.chmod(0o600)
    return SecretBox([path.read_text().strip()])

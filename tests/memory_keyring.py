"""A keyring backend in memory: every test's OS keyring (tests/conftest.py), so none reaches the user's own."""

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory."""

    priority = 1

    def __init__(self, entries=None, broken=False):
        super().__init__()
        self.entries, self.broken = dict(entries or {}), broken

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)

    def get_password(self, service, username):
        if self.broken:
            raise RuntimeError("no backend")
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        if self.broken:
            raise RuntimeError("no backend")
        self.entries[(service, username)] = password

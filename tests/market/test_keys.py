"""Where a venue's API key is found (issue 24 §2): the environment first, then the OS keyring; never printed.

No test touches the user's own keyring: each passes an in-memory one, or sets it for the command line."""

import pytest

from hedgebook.cli import main
from hedgebook.core.errors import InputError
from hedgebook.market.keys import Credentials, credentials_for, store_credentials
from tests.memory_keyring import MemoryKeyring

SECRET = "s3cr3t-Do-Not-Print"


def test_the_keyring_holds_a_key_under_the_documented_names():
    ring = MemoryKeyring()
    store_credentials(Credentials("okx", "the-key", SECRET, "the-phrase"), ring)
    assert ring.entries == {("hedgebook", "okx"): "the-key", ("hedgebook", "okx:secret"): SECRET,
                            ("hedgebook", "okx:passphrase"): "the-phrase"}
    found = credentials_for("okx", environ={}, backend=ring)
    assert (found.api_key, found.secret, found.passphrase, found.source) == ("the-key", SECRET, "the-phrase",
                                                                            "keyring")


def test_the_environment_comes_first_and_names_the_venue_in_capitals():
    ring = MemoryKeyring({("hedgebook", "binance_coinm"): "ring-key", ("hedgebook", "binance_coinm:secret"): "x"})
    environ = {"HEDGEBOOK_API_KEY_BINANCE_COINM": "env-key", "HEDGEBOOK_API_SECRET_BINANCE_COINM": SECRET}
    found = credentials_for("binance_coinm", environ=environ, backend=ring)
    assert (found.api_key, found.secret, found.source) == ("env-key", SECRET, "environment")


def test_no_key_is_none_and_half_a_key_says_what_is_missing():
    assert credentials_for("bybit", environ={}, backend=MemoryKeyring()) is None
    with pytest.raises(InputError, match="bybit: the key is incomplete in the environment: "
                                         "HEDGEBOOK_API_SECRET_BYBIT is missing"):
        credentials_for("bybit", environ={"HEDGEBOOK_API_KEY_BYBIT": "k"}, backend=MemoryKeyring())
    with pytest.raises(InputError, match="okx: the key is incomplete in the keyring: okx:passphrase is missing"):
        credentials_for("okx", environ={}, backend=MemoryKeyring({("hedgebook", "okx"): "k",
                                                                  ("hedgebook", "okx:secret"): "s"}))


def test_a_venue_whose_account_cannot_be_read_and_a_broken_keyring_are_one_line_each():
    with pytest.raises(InputError, match="no account can be read from 'deribit': hedgebook reads binance, "
                                         "binance_coinm, bybit, okx"):
        credentials_for("deribit", environ={}, backend=MemoryKeyring())
    with pytest.raises(InputError, match=r"the OS keyring could not be read \(RuntimeError\): set "
                                         "HEDGEBOOK_API_KEY_BINANCE and its secret instead"):
        credentials_for("binance", environ={}, backend=MemoryKeyring(broken=True))


def test_credentials_never_print_their_secret():
    credentials = Credentials("okx", "the-key", SECRET, "the-phrase")
    for shown in (str(credentials), repr(credentials), f"{credentials}", f"{credentials!r}"):
        assert SECRET not in shown and "the-phrase" not in shown


@pytest.fixture
def ring(memory_keyring):
    """The OS keyring, for the command line: the one in memory every test has (tests/conftest.py)."""
    return memory_keyring


def test_keys_set_asks_with_hidden_input_and_list_shows_no_secret(ring, monkeypatch, capsys):
    for name in ("HEDGEBOOK_API_KEY_OKX", "HEDGEBOOK_API_SECRET_OKX", "HEDGEBOOK_API_PASSPHRASE_OKX"):
        monkeypatch.delenv(name, raising=False)
    answers = iter(["the-key", SECRET, "the-phrase"])
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(answers))
    assert main(["keys", "set", "OKX"]) == 0
    assert prompts == ["okx API key: ", "okx API secret (hidden): ", "okx API passphrase (hidden): "]
    assert ring.entries[("hedgebook", "okx:secret")] == SECRET
    assert main(["keys", "list"]) == 0
    shown = capsys.readouterr()
    assert SECRET not in shown.out + shown.err and "the-phrase" not in shown.out + shown.err
    row = next(line for line in shown.out.splitlines() if " okx " in line)
    assert "yes" in row and "keyring" in row


def test_keys_set_for_an_unknown_venue_or_an_empty_secret_keeps_nothing(ring, monkeypatch, capsys):
    assert main(["keys", "set", "deribit"]) == 1
    assert "no account can be read from 'deribit'" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt: "" if "secret" in prompt else "k")
    assert main(["keys", "set", "binance"]) == 1
    assert "binance: nothing kept, the secret was empty" in capsys.readouterr().err and ring.entries == {}

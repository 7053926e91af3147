"""MarketConfig: the environment read once, in one place."""

from pathlib import Path

import pytest

from hedgebook.market.config import DEFAULT_TIMEOUT_S, RETRY_BACKOFF_S, MarketConfig


def test_from_environment():
    config = MarketConfig.from_environment({
        "HEDGEBOOK_URL_BINANCE": "http://127.0.0.1:8080/", "HEDGEBOOK_URL_CFTC": "http://127.0.0.1:9/",
        "HEDGEBOOK_CACHE_DIR": "/tmp/specs", "HEDGEBOOK_RETRY_BACKOFF_S": "0", "PATH": "/bin",
    })
    assert config.url("binance", "https://fapi.binance.com") == "http://127.0.0.1:8080"
    assert config.url("cftc", "https://publicreporting.cftc.gov") == "http://127.0.0.1:9"
    assert config.url("okx", "https://www.okx.com/") == "https://www.okx.com"
    assert config.cache_dir == Path("/tmp/specs")
    assert (config.timeout, config.retry_backoff) == (DEFAULT_TIMEOUT_S, 0.0)


def test_defaults_and_no_cache():
    config = MarketConfig.from_environment({"HEDGEBOOK_NO_CACHE": "1"})
    assert config.cache_dir is None and config.urls == {} and config.retry_backoff == RETRY_BACKOFF_S
    assert MarketConfig.from_environment({}).cache_dir.name == "hedgebook"  # the user cache directory


def test_timeout_override_and_bad_values():
    assert MarketConfig().with_timeout(2).timeout == 2.0
    assert MarketConfig().with_timeout(None).timeout == DEFAULT_TIMEOUT_S
    with pytest.raises(ValueError, match="timeout must be > 0 seconds, got 0"):
        MarketConfig(timeout=0)
    with pytest.raises(ValueError, match="HEDGEBOOK_RETRY_BACKOFF_S must be a number of seconds, got 'soon'"):
        MarketConfig.from_environment({"HEDGEBOOK_RETRY_BACKOFF_S": "soon"})

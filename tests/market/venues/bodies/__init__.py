"""Each venue's answers in its documented shapes, one module per venue (``<key>.py``), written for the tests: its
recorded bodies (``ROUTES``), ``FAULT``, ``ERROR_BODY``, ``SPEC_PATH`` and ``synthetic_routes(prices)``, the venue
listing many assets.  Data only: no test and no pytest here, so the benchmarks' replay reads the same answers
without importing a test module."""

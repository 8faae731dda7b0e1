import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the interface in English whatever the machine's locale (tests assert English texts; tests/test_i18n.py
# switches to Chinese itself); subprocesses (the app started by a test) inherit it
os.environ["EXPLORER_LANGUAGE"] = "en"

import pytest  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)  # small models: one thread is faster, and immune to a busy second core


@pytest.fixture(scope="session")
def random_translator():
    from core.translator import Translator

    return Translator.random(seed=0)

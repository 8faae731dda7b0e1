import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)  # small models: one thread is faster, and immune to a busy second core


@pytest.fixture(scope="session")
def random_translator():
    from core.translator import Translator

    return Translator.random(seed=0)

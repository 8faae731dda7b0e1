"""The libraries of the hf extra (transformers, safetensors, huggingface_hub), imported only when used."""
from __future__ import annotations

from ..errors import UserError
from ..i18n import trans


def require_extra():
    """Import the hf extra's libraries, or say in one line how to install them."""
    try:
        import huggingface_hub  # noqa: F401
        import safetensors  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as e:
        raise UserError(trans._("opening Hugging Face checkpoints needs the hf extra ({name} is missing): "
                                "pip install -e '.[hf]'", name=e.name)) from None

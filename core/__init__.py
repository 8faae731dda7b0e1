"""The Transformer itself, its tokenizers, tracing, decoding and training — no Qt here."""

"""Export: every view as a figure (PNG, SVG, PDF), the data behind it (CSV, .npz), decoding
animations (GIF, PNG strip) and the headless `export` command.

specs.py   what a figure shows (plain data, no Qt)      figures.py  a spec laid out and drawn
writers.py file bytes, written atomically               headless.py the `export` command
menu.py    the "Export…" context action and dialog
"""

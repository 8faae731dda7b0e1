"""The numbers behind the explorer's labs (notes §三, §四, §六): plain torch/numpy, no Qt.

Every public function returns numpy arrays or small dataclasses of them, so the lab widgets in
`explorer/labs/` never touch a tensor.
"""

"""TensorFlow and NumPy logic of Tensor Workbench.

Every module here but ``worker.py`` is free of Qt and imports TensorFlow lazily, inside the
functions that need it, so the GUI thread can import them without loading TensorFlow.
"""

"""What the engine's features share: limits, dtypes, shapes, literals, atomic files, code headers,
job control and the TensorFlow loader. Feature packages import from here, never from each other."""

"""Qt views: one module per tab plus reusable pieces. No TensorFlow import here, ever."""

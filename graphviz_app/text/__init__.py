"""Text, Qt-free: numbers, superscripts, LaTeX and neuron leaf names, each made in one place.

- :mod:`.numbers`: numbers for captions, labels, tooltips and terminal tables;
- :mod:`.superscripts`: superscript digits, both ways;
- :mod:`.latex`: names and numbers as LaTeX math;
- :mod:`.leaves`: neuron leaf names such as ``W1[0,1]``, made and parsed;
- :mod:`.titles`: what the window calls a typed expression.
"""

"""matplotlib figures of the views, for papers: each takes ``ax=`` and returns its Figure.

- `colors`: the palettes, read from the constants the views use too.
- `explorer`: the map; `persistence`: diagram, barcode and Betti numbers by layer;
  `interpolation`: the strip of decoded frames over its smoothness trace.
"""

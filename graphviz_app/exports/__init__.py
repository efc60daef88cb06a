"""Writers of the graph in other tools' formats, without Qt: DOT, TikZ, a loss curve as SVG."""

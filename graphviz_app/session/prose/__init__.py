"""The grammar of what students read: captions, notation, the legend, the presenter's notes."""

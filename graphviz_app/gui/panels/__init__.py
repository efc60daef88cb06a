"""gui/panels"""

"""gui/canvas"""

"""The training, gradient flow and gradient check docks, below the canvas beside the timeline.

They start hidden, so the canvas keeps its height (a deep network must stay legible at fit
zoom); View ▸ Training, Gradient flow or Gradient check shows them, as tabs of one dock area,
and the window remembers them shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.gui.docks import add_panel

__all__ = ["add_training_docks"]


def add_training_docks(window) -> None:
    """Create the three panels on ``window`` (a MainWindow) as tabbed docks at the bottom."""
    from graphviz_app.gui.panels.gradcheck_panel import GradcheckPanel
    from graphviz_app.gui.panels.gradient_flow_panel import GradientFlowPanel
    from graphviz_app.gui.panels.training_panel import TrainingPanel

    window.training_panel = TrainingPanel(window.session)
    window.gradient_flow_panel = GradientFlowPanel(window.session)
    window.gradcheck_panel = GradcheckPanel(window.session)
    docks = [
        add_panel(window, "training", "Training", window.training_panel, Qt.BottomDockWidgetArea),
        add_panel(
            window, "gradient_flow", "Gradient flow", window.gradient_flow_panel, Qt.BottomDockWidgetArea
        ),
        add_panel(window, "gradcheck", "Gradient check", window.gradcheck_panel, Qt.BottomDockWidgetArea),
    ]
    for dock in docks[1:]:
        window.tabifyDockWidget(docks[0], dock)
    docks[0].raise_()
    for dock in docks:
        dock.setVisible(False)
    for panel in (window.training_panel, window.gradient_flow_panel, window.gradcheck_panel):
        panel.sig_status.connect(window.show_status)

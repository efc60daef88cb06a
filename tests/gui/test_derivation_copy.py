"""The paths panel's Copy derivation puts on the clipboard what `derive --latex` prints."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from graphviz_app.cli.main import main


def test_copy_derivation_is_the_commands_latex(qtbot, window, capsys):
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.open_source("example:net-221")
    panel = window.paths_panel
    panel.set_source("W1[0,0]")
    assert panel.copy_derivation_button.isEnabled()
    copied = panel.copy_derivation()
    assert copied == QGuiApplication.clipboard().text()
    assert main(["derive", "example:net-221", "--wrt", "W1[0,0]", "--latex"]) == 0
    assert copied + "\n" == capsys.readouterr().out
    assert copied.startswith(r"\begin{align*}") and r"\partial W1[0,0]" in copied

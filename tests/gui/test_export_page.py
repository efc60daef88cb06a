"""File ▸ Export ▸ Interactive page… writes what is open, and File ▸ Open reads it back."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog


def test_the_page_keeps_values_collapsed_layers_step_and_theme(make_window, monkeypatch, tmp_path):
    window = make_window("example:net-221")
    session = window.session
    session.set_value("W1[0,0]", 0.25)
    session.set_collapsed("layer 1")
    session.set_step(20)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "net"), ""))
    window.actions["export_page"].trigger()
    page = tmp_path / "net.html"
    html = page.read_text(encoding="utf-8")
    assert f'data-theme="{window.theme.name}"' in html and 'data-id="[layer 1]"' in html
    assert '"start":20' in html

    again = make_window()
    assert again.files.open_source(str(page))
    assert again.session.values["W1[0,0]"] == 0.25
    assert again.session.settings.collapsed == ("layer 1",)
    assert again.session.step == 20
    assert again.session.evaluation.output_value == session.evaluation.output_value

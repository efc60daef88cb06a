"""File ▸ Export ▸ Interactive page… writes what is open, and File ▸ Open reads it back."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QProgressDialog


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


def test_a_page_being_written_shows_progress_and_cancel_writes_nothing(make_window, monkeypatch, tmp_path):
    window = make_window("example:net-221")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "net.html"), ""))
    shown = []
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: shown.append((v, self.maximum())))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: len(shown) >= 3)  # Cancel, a moment in
    window.actions["export_page"].trigger()
    assert not (tmp_path / "net.html").exists() and list(tmp_path.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert len(shown) == 3 and shown[0][0] == 0 and shown[-1][0] > 0  # it stopped where Cancel found it

    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: False)
    shown.clear()
    window.actions["export_page"].trigger()
    assert (tmp_path / "net.html").exists()
    values = [v for v, _ in shown]
    assert values == sorted(values) and values[-1] == shown[-1][1] > 40  # up to the whole: 47 steps and paths

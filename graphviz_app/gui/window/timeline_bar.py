"""The bar under the canvas: play/pause, step, jump to a phase, scrub, speed, and the caption.

The bar only *asks*: it emits signals and the main window drives the animation.
It shows where the session is through :meth:`TimelineBar.show_position`.

On a wide window the controls are one row; when that row would leave the scrubber less
than :data:`SCRUBBER_MIN_PX`, the scrubber, the position and the phase move to a row of
their own above the buttons, so a 1024-pixel screen with every dock shown still gets a
real slider (squeezed into one row it shrank to a square that looked like a check box).

The caption's band has a fixed height while stepping: a caption that needed another line
would shrink the canvas above it, and the canvas would zoom and move the picture. The band
is as tall as the longest caption of the timeline needs (measured on up to
:data:`CAPTION_SAMPLE` steps when a graph is laid out, see :meth:`TimelineBar.reserve`), at
most :data:`MAX_BAND_SHARE` of the window; a caption longer than that is set smaller, never
cut off.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMargins, QObject, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.gui.window.commands import keys_of
from graphviz_app.session.timeline.steps import PHASES

__all__ = ["SPEEDS", "TimelineBar", "media_icon"]

SPEEDS = (("0.25×", 0.25), ("0.5×", 0.5), ("1×", 1.0), ("2×", 2.0), ("4×", 4.0))
SCRUBBER_MIN_PX = 200
"""The scrubber is never narrower than this: below it, it is one row of its own."""
CAPTION_SAMPLE = 300
"""Captions measured for the band's height: all of a timeline this short, else this many spread over it."""
MAX_BAND_SHARE = 0.3
"""The caption band takes at most this share of the window's height."""


class TimelineBar(QWidget):
    # signals
    sig_play_toggled = Signal()
    sig_step = Signal(int)  # -1 or +1
    sig_jump = Signal(str)  # "start", "forward", "backward", "end"
    sig_scrub = Signal(int)  # a step index
    sig_speed_changed = Signal(float)
    sig_caption_font = Signal(QFont)  # the caption's font for the band (a long caption may be set smaller)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline_bar")
        self._playing = False
        self.play_button = self._button(f"Play / pause ({keys_of('play')})", self.sig_play_toggled.emit)
        self.buttons = {
            "start": self._button(
                f"Start of the forward pass ({keys_of('start')})", lambda: self.sig_jump.emit("start")
            ),
            "back": self._button(f"Step back ({keys_of('back')})", lambda: self.sig_step.emit(-1)),
            "forward": self._button(f"Step forward ({keys_of('forward')})", lambda: self.sig_step.emit(1)),
            "backward": self._button(
                f"Start of the backward pass ({keys_of('backward_start')})",
                lambda: self.sig_jump.emit("backward"),
            ),
            "end": self._button(f"End: every gradient ({keys_of('end')})", lambda: self.sig_jump.emit("end")),
        }
        self.buttons["backward"].setText("∂")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("scrub")
        self.slider.setToolTip("Scrub through the steps")
        self.slider.setMinimumWidth(SCRUBBER_MIN_PX)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.position = QLabel("0 / 0")
        self.phase = QLabel("")
        self.speed = QComboBox()
        self.speed.setToolTip("Animation speed")
        for text, value in SPEEDS:
            self.speed.addItem(text, value)
        self.speed.setCurrentIndex(2)
        self.speed.currentIndexChanged.connect(lambda i: self.sig_speed_changed.emit(self.speed.itemData(i)))
        self._caption_px: float | None = None
        self.caption_filter: Callable[[int, str], str] | None = None  # the quiz puts its question here
        self.caption = QLabel("")
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )  # in a taller band: just under the bar
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._reserved: list[str] = []  # the captions the band holds (see reserve)
        self._caption_font = QFont()
        self.caption.installEventFilter(self)  # a new width: the band is measured again

        self.speed_label = QLabel("speed")
        self._scrub_row = QHBoxLayout()  # the scrubber's own row: empty while one row holds everything
        self._row = QHBoxLayout()
        self.narrow = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(self._scrub_row)
        layout.addLayout(self._row)
        layout.addWidget(self.caption)
        self._arrange(narrow=False)
        self.set_text_scale(1.0)
        self._space_phase()

    def _button(self, tip: str, slot: Callable[[], object]) -> QToolButton:
        b = QToolButton()
        b.setToolTip(tip)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the canvas, where the shortcuts live
        b.clicked.connect(slot)
        b.setMinimumWidth(36)
        return b

    # --- one row or two -------------------------------------------------------------------------

    def _media(self) -> list[QWidget]:
        b = self.buttons
        return [b["start"], b["back"], self.play_button, b["forward"], b["backward"], b["end"]]

    def _arrange(self, narrow: bool) -> None:
        """Everything in one row, or (``narrow``) the scrubber, position and phase in a row above the buttons."""
        self.narrow = narrow
        for row in (self._scrub_row, self._row):
            while row.count():
                row.takeAt(0)  # widgets stay children of the bar; spacer items are dropped
        scrub = self._scrub_row if narrow else self._row
        for widget in self._media():
            self._row.addWidget(widget)
        if narrow:
            self._row.addStretch(1)
        scrub.addWidget(self.slider, 1)
        scrub.addWidget(self.position)
        scrub.addWidget(self.phase)
        self._row.addWidget(self.speed_label)
        self._row.addWidget(self.speed)
        self.updateGeometry()

    def _row_width(self, widgets: list[QWidget], hints: bool) -> int:
        """Width of a row of ``widgets`` at their size hints (or minimums), with the bar's margins."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        spacing = max(self._row.spacing(), 0)
        widths = []
        for widget in widgets:
            hint = widget.sizeHint() if hints else widget.minimumSizeHint()
            widths.append(max(hint.width(), widget.minimumWidth()))
        return sum(widths) + spacing * (len(widgets) - 1) + margins.left() + margins.right()

    def _one_row_width(self) -> int:
        """The narrowest bar that gives everything its size hint and the scrubber SCRUBBER_MIN_PX in one row."""
        others = [*self._media(), self.position, self.phase, self.speed_label, self.speed]
        return (
            self._row_width(others, hints=True)
            + self._row_width([self.slider], hints=False)
            - (self._row_width([], hints=False))
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """As narrow as the two-row arrangement allows, whichever arrangement is shown now."""
        height = super().minimumSizeHint().height()
        two_rows = max(
            self._row_width([self.slider, self.position, self.phase], hints=False),
            self._row_width([*self._media(), self.speed_label, self.speed], hints=False),
        )
        return QSize(two_rows, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        self._fit_rows(event.size().width())

    def _fit_rows(self, width: int) -> None:
        narrow = width < self._one_row_width()
        if narrow != self.narrow:
            self._arrange(narrow)

    # --- public -----------------------------------------------------------------------------

    def show_position(self, step: int, count: int, phase: str, caption: str, playing: bool) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(step)
        self.slider.blockSignals(False)
        self.position.setText(f"{step} / {max(0, count - 1)}")
        self.phase.setText(phase)
        text = caption if self.caption_filter is None else self.caption_filter(step, caption)
        self.caption.setFont(self._font_to_fit(text))
        self.caption.setText(text)
        if playing != self._playing:
            self._playing = playing
            self._paint_icons()

    def reserve(self, count: int, caption_of: Callable[[int], str]) -> None:
        """Make the band as tall as the captions of steps 0 … ``count`` − 1 need (a sample of them)."""
        picked = (
            range(count)
            if count <= CAPTION_SAMPLE
            else (k * (count - 1) // (CAPTION_SAMPLE - 1) for k in range(CAPTION_SAMPLE))
        )
        self._reserved = [caption_of(k) for k in picked]
        self._fit_band()

    def set_text_scale(self, factor: float) -> None:
        """Projector mode: the caption and the buttons grow with the rest of the text."""
        self._icon_px = round(18 * factor)
        self._apply_caption_font()
        self._paint_icons()
        self._fit_rows(self.width())  # larger buttons may no longer leave the scrubber room in one row

    def set_caption_height(self, px: float | None) -> None:
        """Presentation mode: capitals and digits of the caption ``px`` pixels tall (None: as the text size)."""
        self._caption_px = px
        self._apply_caption_font()

    def _apply_caption_font(self) -> None:
        font = QFont(QApplication.font())
        px = self._caption_px
        if px is None:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        else:  # the pixel size whose capitals are px tall, from the font's own proportions
            font.setPixelSize(100)
            cap = QFontMetricsF(font).tightBoundingRect("0123456789EHT").height()
            font.setPixelSize(math.ceil(100 * px / cap))
        self._caption_font = font
        self.caption.setFont(font)
        self._fit_band()
        self.sig_caption_font.emit(font)

    @property
    def caption_font(self) -> QFont:
        return QFont(self._caption_font)

    # --- the caption's band ---------------------------------------------------------------------

    def _text_height(self, text: str, font: QFont) -> float:
        width = max(self.caption.contentsRect().width(), 50)
        return (
            QFontMetricsF(font)
            .boundingRect(QRectF(0, 0, width, 1e6), Qt.TextFlag.TextWordWrap, text)
            .height()
        )

    def _fit_band(self) -> None:
        font = self._caption_font
        line = QFontMetricsF(font).lineSpacing()
        needed = max((self._text_height(t, font) for t in self._reserved), default=line)
        window = self.window()
        limit = window.height() * MAX_BAND_SHARE if window is not self else needed
        self.caption.setFixedHeight(math.ceil(max(line, min(needed, limit))) + 2)
        self.caption.setFont(self._font_to_fit(self.caption.text()))

    def _font_to_fit(self, text: str) -> QFont:
        """The caption's font, made smaller only when ``text`` would not fit in the band."""
        font = QFont(self._caption_font)
        room = self.caption.height()
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF()
        for _ in range(12):
            if self._text_height(text, font) <= room:
                break
            size *= 0.9
            font.setPixelSize(max(1, round(size))) if font.pixelSize() > 0 else font.setPointSizeF(size)
        return font

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if (
            obj is self.caption
            and isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
        ):
            self._fit_band()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._paint_icons()
        if event.type() == QEvent.Type.FontChange:
            self._space_phase()
            self._fit_rows(self.width())

    def _space_phase(self) -> None:
        """An em of space each side of the phase, and room for the longest one in the current font.

        With only the layout's spacing, larger text read as one phrase ("18 / 47 backward speed"),
        and the labels after the phase moved whenever its name changed.
        """
        metrics = self.phase.fontMetrics()
        gap = metrics.horizontalAdvance("M")
        self.phase.setContentsMargins(gap, 0, gap, 0)
        self.phase.setMinimumWidth(max(metrics.horizontalAdvance(p) for p in PHASES) + 2 * gap)

    def _paint_icons(self) -> None:
        """Media icons drawn in the palette's text colour, so they show on light and dark themes."""
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        size = getattr(self, "_icon_px", 18)
        shapes = {"start": "bar-left", "back": "left", "forward": "right", "end": "right-bar"}
        for name, shape in shapes.items():
            self.buttons[name].setIcon(media_icon(shape, colour, size))
            self.buttons[name].setIconSize(QSize(size, size))
        self.play_button.setIcon(media_icon("pause" if self._playing else "play", colour, size))
        self.play_button.setIconSize(QSize(size, size))

    def speed_factor(self) -> float:
        return float(self.speed.currentData())

    # --- slots ---------------------------------------------------------------------------------

    def _on_slider_changed(self, value: int) -> None:
        self.sig_scrub.emit(value)


def _pixels(x: float, y: float, width: float, height: float) -> QRect:
    """A rectangle in whole pixels, cut as Qt's integer ``drawRect(x, y, w, h)`` cuts them (the icons' look)."""
    return QRect(int(x), int(y), int(width), int(height))


def media_icon(shape: str, colour: QColor, size: int = 18) -> QIcon:
    """A flat media-control icon: play, pause, left, right, bar-left (to start), right-bar (to end)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    s = float(size)
    m = s * 0.2  # margin

    def triangle(left: float, right: float, pointing_right: bool) -> None:
        if pointing_right:
            points = [QPointF(left, m), QPointF(right, s / 2), QPointF(left, s - m)]
        else:
            points = [QPointF(right, m), QPointF(left, s / 2), QPointF(right, s - m)]
        painter.drawPolygon(QPolygonF(points))

    bar = s * 0.14
    if shape == "play":
        triangle(s * 0.28, s * 0.8, True)
    elif shape == "pause":
        painter.drawRect(_pixels(s * 0.26, m, bar * 1.3, s - 2 * m))
        painter.drawRect(_pixels(s * 0.56, m, bar * 1.3, s - 2 * m))
    elif shape == "left":
        triangle(s * 0.25, s * 0.75, False)
    elif shape == "right":
        triangle(s * 0.25, s * 0.75, True)
    elif shape == "bar-left":
        painter.drawRect(_pixels(m, m, bar, s - 2 * m))
        triangle(m + bar + 1, s - m, False)
    elif shape == "right-bar":
        painter.drawRect(_pixels(s - m - bar, m, bar, s - 2 * m))
        triangle(m, s - m - bar - 1, True)
    painter.end()
    return QIcon(pixmap)

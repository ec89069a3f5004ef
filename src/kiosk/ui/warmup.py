"""One-time costs of the first animation in the process, paid before anyone waits for it.

Measured with cProfile around the first show of a metric slide (the 65 ms gap before its
first frame, with no Qt event delivered in between): 156 Python enum classes were being
created, all inside `processEvents`. The player filters every event of the application in
Python (`installEventFilter` on the QApplication). When an animation first runs, Qt's
animation driver objects (`QUnifiedTimer`, `QAnimationTimer`, private classes PySide has no
wrapper for) get their first event; to hand such an object to the Python filter, PySide
looks for the best wrapper class and, not finding it, initialises every lazily loaded type
of QtCore, QtGui and QtWidgets (QProcess, QFileDialog, QWizard, QGraphicsItem, ...) with
their enums: 50-60 ms, once per process, in the frame of whatever animates first (the
count-up of the first metric, the first fade). It was not in metric.py or text.py.

`warm_animations()` runs one invisible 1 ms animation as soon as the first slide is on
screen, so that cost falls in idle time instead.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractAnimation, QObject, QVariantAnimation

__all__ = ["warm_animations"]

_warmed = False


def warm_animations(parent: QObject) -> None:
    """Start Qt's animation driver once per process (a 1 ms animation that deletes itself);
    call it after the application's event filters are installed."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    anim = QVariantAnimation(parent)
    anim.setObjectName("warm-animations")
    anim.setDuration(1)
    anim.setStartValue(0.0)
    anim.setEndValue(1.0)
    anim.start(QAbstractAnimation.DeletionPolicy.DeleteWhenStopped)

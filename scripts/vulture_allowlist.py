"""Names vulture cannot see being used (make lint reads this file with the packages).

Only two kinds belong here: methods that a framework calls (Qt's virtual functions, Keras's
callback hooks), and fields read by reflection (settings dataclasses, which SettingsStore reads
and writes through dataclasses.fields). Anything else vulture reports is dead: delete it.
"""

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QWidget

from widgets.shared.file_dialogs import RecentFolders

# Qt's virtual functions, called by Qt itself.
QWidget.paintEvent
QWidget.mouseReleaseEvent
QWidget.minimumSizeHint
QWidget.hasHeightForWidth
QWidget.heightForWidth
QAbstractItemModel.headerData
QAbstractItemModel.flags

# Keras's callback hooks, called by Model.fit.
_callback = object()
_callback.on_train_begin
_callback.on_epoch_begin
_callback.on_train_batch_end
_callback.on_epoch_end

# Settings fields, read and written by name through dataclasses.fields().
RecentFolders.tensor
RecentFolders.mnist_data

enum _LecturesPlaceholder {}

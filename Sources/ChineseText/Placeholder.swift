enum _ChineseTextPlaceholder {}

enum _ChatPlaceholder {}

enum _SearchPlaceholder {}

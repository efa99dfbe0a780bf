enum _AwarenessPlaceholder {}

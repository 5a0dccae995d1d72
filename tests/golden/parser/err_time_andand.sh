time && a

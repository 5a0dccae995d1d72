true |
  ! false

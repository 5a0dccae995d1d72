echo ok
! ! true

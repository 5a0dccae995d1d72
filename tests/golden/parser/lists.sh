a; b & c
a &
a; b;
a & b &

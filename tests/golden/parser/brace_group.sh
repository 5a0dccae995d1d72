{ a; b; }
{ a
b
}
{ { a; }; } >out

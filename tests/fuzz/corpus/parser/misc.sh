f() { ll | kw x; fi; } 2>&1 >|o <>rw 3<&- && ! g || ( h & ) 

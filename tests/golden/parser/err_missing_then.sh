if true; fi

! time ! a

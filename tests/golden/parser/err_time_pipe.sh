time | cat

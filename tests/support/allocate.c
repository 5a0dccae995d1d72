/* A child for the time -v test: allocates N MiB (argv[1], default 100), touches every page so
   it is resident, then prints its own ru_maxrss (KiB) as getrusage(RUSAGE_SELF) reports it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char** argv) {
  size_t mib = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100;
  size_t size = mib << 20;
  char* block = malloc(size);
  if (block == NULL) return 1;
  memset(block, 1, size);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%ld\n", ru.ru_maxrss);
  return block[size - 1] == 1 ? 0 : 2;
}

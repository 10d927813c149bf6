// The Eddy server: see application.hpp.
#include <malloc.h>

#include "apps/eddy/application.hpp"

int main(int argc, char** argv, char** envp) {
  // glibc gives each thread that allocates its own arena; the actors' and
  // RocksDB's threads then keep ~40 MB of freed memory apart at 1M items.
  // The hot path allocates little, so two arenas cost no throughput.
  mallopt(M_ARENA_MAX, 2);
  return eddy::application::run(argc, argv, envp);
}

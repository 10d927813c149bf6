// The Eddy server: see application.hpp.
#include "apps/eddy/application.hpp"

int main(int argc, char** argv, char** envp) {
  return eddy::application::run(argc, argv, envp);
}

// The embedded build's std::terminate message (cmake/Embedded.cmake adds this file).
//
// libstdc++'s own handler prints the uncaught exception's type demangled, and so links the
// whole C++ demangler (cp-demangle.o, 47 KB: a twentieth of the embedded binary). Defining
// the handler here keeps that archive member out of the link. The message keeps what a bug
// report needs: the exception's what() and its (mangled) type, then abort() as before.
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <exception>
#include <typeinfo>
#include <unistd.h>

namespace {

void say(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

namespace __gnu_cxx {

void __verbose_terminate_handler() {
  static bool entered = false;  // a throw from what() must not bring us back here for ever
  if (entered) std::abort();
  entered = true;
  const std::type_info* type = abi::__cxa_current_exception_type();
  if (type == nullptr) {
    say("spawnsh: terminate called without an active exception\n");
    std::abort();
  }
  say("spawnsh: terminate called after throwing an exception of type ");
  say(type->name());
  say("\n");
  try {
    throw;
  } catch (const std::exception& error) {
    say("  what():  ");
    say(error.what());
    say("\n");
  } catch (...) {
  }
  std::abort();
}

}  // namespace __gnu_cxx

// A shell function as the function table keeps it: the parsed body to call, and the text that
// defined it, so that the function can be handed to another process and parsed again there
// (shell/snapshot.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace spawnsh::syntax {
struct Command;
}

namespace spawnsh {

struct Function {
  // Points into the arena of the text that defined the function and shares ownership of that
  // arena, so a call survives a redefinition of the function during it.
  std::shared_ptr<const syntax::Command> body;
  // `name() body` as written, followed by the bodies of here-documents that came after the
  // definition's line. In the same arena as `body`; empty when the definition came from an
  // alias value (it cannot be written out then).
  std::string_view text;
  // Where `text` starts: interned file name (syntax::intern_source_name), line and column, so
  // the text parsed again reports the same locations.
  const std::string* file = nullptr;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

}  // namespace spawnsh

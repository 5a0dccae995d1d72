#include "shell/exec/redirect.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/exec/shell_fds.h"
#include "shell/platform/anonymous_file.h"
#include "shell/expand/expand.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

using Op = syntax::RedirectionOp;

int default_fd(Op op) {
  switch (op) {
    case Op::Input:
    case Op::ReadWrite:
    case Op::DupInput:
    case Op::HereDoc:
    case Op::HereDocStrip: return 0;
    default: return 1;
  }
}

bool parse_fd(const std::string& text, int& fd) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  fd = std::stoi(text);
  return true;
}

// A here-document body goes into an anonymous file (platform/anonymous_file.h: a memfd, or a
// pre-filled pipe under a low `ulimit -f`): no /tmp name to guess, and no writer to deadlock.
int here_document_fd(const std::string& body) {
  int fd = platform::anonymous_file_with(body);
  if (fd < 0) return -1;
  // Made before the redirections to its left are applied: it must not take a number they
  // could name (`cat <&3 3<<END` with 3 closed is EBADF).
  return move_to_shell_range(fd);
}

}  // namespace

Redirections::~Redirections() {
  restore();
  for (int fd : owned_fds_) ::close(fd);
}

bool Redirections::prepare(Shell& shell, std::span<const syntax::Redirection> redirections) {
  for (const syntax::Redirection& r : redirections) {
    int fd = r.io_number >= 0 ? r.io_number : default_fd(r.op);
    switch (r.op) {
      case Op::HereDoc:
      case Op::HereDocStrip: {
        const syntax::HereDocument& doc = *r.here_doc;
        std::string body = doc.quoted ? expand::expand_string(shell, doc.body)
                                      : expand::expand_quoted_parts(shell, doc.body.parts);
        int memfd = here_document_fd(body);
        if (memfd < 0) {
          shell.error(std::string("cannot create here-document: ") + std::strerror(errno));
          return false;
        }
        owned_fds_.push_back(memfd);
        items_.push_back({Item::Kind::Dup, fd, memfd, {}, 0});
        break;
      }
      case Op::DupInput:
      case Op::DupOutput: {
        std::string target = expand::expand_string(shell, r.target);
        int src;
        if (target == "-") {
          items_.push_back({Item::Kind::Close, fd, -1, {}, 0});
        } else if (parse_fd(target, src)) {
          items_.push_back({Item::Kind::Dup, fd, src, {}, 0});
        } else {
          shell.error(target + ": bad file descriptor number");
          return false;
        }
        break;
      }
      default: {
        std::string path = expand::expand_string(shell, r.target);
        int flags = 0;
        switch (r.op) {
          case Op::Input: flags = O_RDONLY; break;
          case Op::Output:
          case Op::Clobber: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
          case Op::Append: flags = O_WRONLY | O_CREAT | O_APPEND; break;
          case Op::ReadWrite: flags = O_RDWR | O_CREAT; break;
          default: break;
        }
        if (r.op == Op::Output && shell.options.get(Option::NoClobber)) {
          // noclobber refuses an existing regular file; devices such as /dev/null still work.
          struct stat st;
          if (::stat(path.c_str(), &st) == 0) {
            if (S_ISREG(st.st_mode)) {
              shell.error("cannot create " + path + ": File exists");
              return false;
            }
          } else {
            flags |= O_EXCL;
          }
        }
        items_.push_back({Item::Kind::Open, fd, -1, std::move(path), flags});
        break;
      }
    }
  }
  return true;
}

void Redirections::append_actions(std::vector<spawn::FdAction>& actions) const {
  for (const Item& item : items_) actions.push_back(action(item));
}

std::string Redirections::describe_failure(std::size_t index, int error) const {
  if (index >= items_.size()) return std::strerror(error);
  const Item& item = items_[index];
  if (item.kind == Item::Kind::Open) {
    bool writing = (item.flags & (O_WRONLY | O_RDWR)) != 0;
    return std::string(writing ? "cannot create " : "cannot open ") + item.path + ": " +
           std::strerror(error);
  }
  // A close names the fd it closes (its src is -1).
  int named = item.kind == Item::Kind::Close ? item.fd : item.src;
  return std::to_string(named) + ": " + std::strerror(error);
}

spawn::FdAction Redirections::action(const Item& item) {
  switch (item.kind) {
    case Item::Kind::Open: return spawn::FdAction::open(item.fd, item.path.c_str(), item.flags);
    case Item::Kind::Dup: return spawn::FdAction::dup2(item.src, item.fd);
    case Item::Kind::Close: break;
  }
  return spawn::FdAction::close(item.fd);
}

bool Redirections::apply(Shell& shell) {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (!changes_.apply(action(items_[i]))) {
      shell.error(describe_failure(i, errno));
      return false;
    }
  }
  return true;
}

}  // namespace spawnsh

#include "compare/progress.h"

#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

#include "compare/options.h"

namespace spawnsh::compare {

std::string progress_line(const Observer::State& s, double eta_seconds, std::size_t width) {
  char head[160];
  std::snprintf(head, sizeof head, "%s %-18s ballast %-5s run %llu/%s ",
                s.warmup ? "warmup " : "measure", variant_name(s.variant).c_str(),
                format_size(s.ballast).c_str(), static_cast<unsigned long long>(s.run),
                s.runs == 0 ? "?" : std::to_string(s.runs).c_str());
  char tail[48] = "";
  if (eta_seconds >= 0) {
    long eta = static_cast<long>(eta_seconds + 0.5);
    std::snprintf(tail, sizeof tail, " ETA %02ld:%02ld", eta / 60, eta % 60);
  }
  std::string line = head;
  std::size_t room = width > line.size() + 2 + std::string(tail).size()
                         ? width - line.size() - 2 - std::string(tail).size()
                         : 0;
  if (room > 40) room = 40;
  if (room >= 5 && s.total > 0) {
    std::size_t filled = static_cast<std::size_t>(static_cast<double>(room) *
                                                  static_cast<double>(s.done) /
                                                  static_cast<double>(s.total));
    if (filled > room) filled = room;
    line += "[" + std::string(filled, '#') + std::string(room - filled, '-') + "]";
  }
  line += tail;
  if (line.size() > width) line.resize(width);
  return line;
}

void ProgressBar::before_run(const State& s) {
  auto now = std::chrono::steady_clock::now();
  // At most 20 redraws a second: a fast command must not be slowed by its own progress bar.
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(50)) return;
  last_draw_ = now;
  double elapsed = std::chrono::duration<double>(now - began_).count();
  double eta = -1;
  if (s.done > 0 && s.total > s.done) {
    eta = elapsed / static_cast<double>(s.done) * static_cast<double>(s.total - s.done);
  }
  struct winsize ws {};
  std::size_t width = 80;
  if (::ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) width = ws.ws_col - 1;
  std::string text = "\r\x1b[2K" + progress_line(s, eta, width);
  (void)!::write(fd_, text.data(), text.size());
  drawn_ = true;
}

void ProgressBar::finished() {
  if (!drawn_) return;
  static const char clear[] = "\r\x1b[2K";
  (void)!::write(fd_, clear, sizeof clear - 1);
  drawn_ = false;
}

namespace {
class Silent final : public Observer {};
}  // namespace

std::unique_ptr<Observer> make_progress(int progress_fd, int report_fd) {
  if (::isatty(progress_fd) && ::isatty(report_fd)) return std::make_unique<ProgressBar>(progress_fd);
  return std::make_unique<Silent>();
}

}  // namespace spawnsh::compare

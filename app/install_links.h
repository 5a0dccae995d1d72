// `spawnsh --install [-s] [-f] DIR`: a link in DIR for every applet but spawnsh itself, so that
// DIR/echo runs spawnsh as echo (app/applets.h).
#pragma once

namespace spawnsh::app {

// `args` are the arguments after --install; `argv0` is the name spawnsh was run by (the
// binary's path when spawn/self.h cannot find it). Prints a line per link (stdout; refusals
// and failures on stderr). Returns 0 when every link is in place afterwards, 1 when one is not,
// 2 for a usage error (no DIR, DIR missing or not a directory, an unknown option).
int install_links(int argc, char** args, const char* argv0);

}  // namespace spawnsh::app

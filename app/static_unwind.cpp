// Exception unwinding in the static spawnsh without the registry of frame tables.
//
// A static link starts from crtbeginT.o, which registers the whole .eh_frame with libgcc's
// unwinder (__register_frame_info). The first exception thrown then classifies and sorts every
// one of the binary's ~11,000 frame descriptions: 23.6 million instructions, 72 KB of heap and
// all 350 KB of .eh_frame paged in, for a syntax error in `spawnsh -c` or a script read in
// pieces (the parser throws at a piece's end in the middle of a command). The link wraps the
// two registry calls (app/CMakeLists.txt: --wrap) so that nothing is registered, and adds an
// .eh_frame_hdr: the unwinder then finds a frame description by binary search in that table,
// through dl_iterate_phdr, as it does in any dynamically linked program.

extern "C" {

// crtbeginT.o's constructor: register nothing.
void __wrap___register_frame_info(const void* /*begin*/, void* /*object*/) {}

// crtbeginT.o's destructor: nothing was registered.
void* __wrap___deregister_frame_info(const void* /*begin*/) { return nullptr; }

}

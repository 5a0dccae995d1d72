#include "shell/syntax/arena.h"

#include <algorithm>
#include <cstdlib>

namespace spawnsh::syntax {

Arena::~Arena() {
    while (cleanups_) {
        Cleanup* link = cleanups_;
        cleanups_ = link->next;
        link->destroy(link);
    }
    while (blocks_) {
        Block* previous = blocks_->previous;
        std::free(blocks_);
        blocks_ = previous;
    }
}

void* Arena::allocate_slow(std::size_t size, std::size_t alignment) {
    // Blocks double up to 1 MiB, so a small command costs one small block and a big script a
    // few big ones; an oversized request gets a block of its own size.
    constexpr std::size_t kMaxBlock = std::size_t{1} << 20;
    const std::size_t needed = size + alignment + sizeof(Block);
    const std::size_t block_size = std::max(next_block_size_, needed);
    next_block_size_ = std::min(next_block_size_ * 2, kMaxBlock);
    auto* block = static_cast<Block*>(std::malloc(block_size));
    if (!block) throw std::bad_alloc();
    block->previous = blocks_;
    block->size = block_size;
    blocks_ = block;
    if (block_start_) used_before_ += static_cast<std::size_t>(next_ - block_start_);
    block_start_ = reinterpret_cast<char*>(block + 1);
    next_ = block_start_;
    limit_ = reinterpret_cast<char*>(block) + block_size;
    return allocate(size, alignment);
}

}  // namespace spawnsh::syntax

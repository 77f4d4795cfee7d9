// O_DIRECT is a GNU extension, which Swift's Glibc module does not expose.
#define _GNU_SOURCE
#include "CZeroFill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

// Direct I/O wants buffers, offsets and lengths aligned to the device's logical block;
// 4096 covers every common one.
enum { ALIGNMENT = 4096, CHUNK = 1 << 20 };

int zero_fill_file(const char *path, long long size) {
    int descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, 0600);
    int direct = 1;
    if (descriptor < 0 && errno == EINVAL) {
        // A file system without direct I/O (tmpfs before Linux 6.6, for one): through the
        // page cache. The refused open may have created the file already.
        unlink(path);
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        direct = 0;
    }
    if (descriptor < 0) return errno;
    void *zeros = NULL;
    int failure = posix_memalign(&zeros, ALIGNMENT, CHUNK);
    if (failure != 0) {
        close(descriptor);
        return failure;
    }
    memset(zeros, 0, CHUNK);
    long long done = 0;
    while (failure == 0 && done < size) {
        long long left = size - done;
        size_t length = left < CHUNK ? (size_t)left : CHUNK;
        // A last piece shorter than a block is written whole and cut back below.
        if (direct) length = (length + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
        ssize_t written = pwrite(descriptor, zeros, length, (off_t)done);
        if (written < 0) {
            if (errno != EINTR) failure = errno;
            continue;
        }
        if (written == 0) failure = ENOSPC;
        done += written;
    }
    free(zeros);
    if (failure == 0 && done > size && ftruncate(descriptor, (off_t)size) != 0) failure = errno;
    if (failure == 0 && fdatasync(descriptor) != 0) failure = errno;
    if (close(descriptor) != 0 && failure == 0) failure = errno;
    return failure;
}

int direct_io_flag(void) {
    return O_DIRECT;
}

long long file_system_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long long)info.f_type;
}

int direct_writes_may_be_buffered(int descriptor) {
    int flags = 0;
    if (ioctl(descriptor, FS_IOC_GETFLAGS, &flags) != 0) return 1;
    const int buffered = FS_JOURNAL_DATA_FL | FS_ENCRYPT_FL | FS_INLINE_DATA_FL | FS_DAX_FL | FS_VERITY_FL;
    return (flags & buffered) != 0;
}

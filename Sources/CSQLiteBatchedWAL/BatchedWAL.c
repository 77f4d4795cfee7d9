// A SQLite VFS that batches the writes of write-ahead log frames.
//
// SQLite writes each WAL frame as two calls, its 24-octet header and then the page, so a
// transaction of n pages costs 2n pwrite calls before its fsync. This VFS collects the
// writes that continue one another in a buffer and writes them at once:
// - when the page of a commit frame (a frame header with a non-zero database size) is
//   complete: SQLite makes frames visible to other connections only after the whole
//   transaction is written, so every committed frame is in the file before anyone can
//   read it, whether or not the commit syncs;
// - before a sync, a read, a truncation, a size query or a close of the log;
// - when a write does not continue the buffer, or the buffer is full.
// Everything else, and every file other than a log, goes straight to the default VFS.

#include <sqlite3.h>
#include <string.h>
#include <pthread.h>

#include "CSQLiteBatchedWAL.h"

// The default VFS writes at most 128 KiB - 1 octets in one call (it masks the length with
// 0x1ffff: SQLite itself never writes more than a page at once), so no batch may be longer.
enum { BUFFER_CAPACITY = 0x1ffff, FRAME_HEADER_SIZE = 24 };

typedef struct BatchedFile {
    sqlite3_file base;
    sqlite3_file *real;
    unsigned char *buffer;
    sqlite3_int64 start;
    int length;
    int isLog;
    int commitFrameOpen;
    long long writes;
} BatchedFile;

static sqlite3_vfs *underlying;
static sqlite3_vfs batched;

static int flush(BatchedFile *file) {
    if (file->length == 0) return SQLITE_OK;
    int length = file->length;
    file->length = 0;
    file->writes += 1;
    return file->real->pMethods->xWrite(file->real, file->buffer, length, file->start);
}

static int batchedClose(sqlite3_file *base) {
    BatchedFile *file = (BatchedFile *)base;
    int rc = flush(file);
    int closed = file->real->pMethods->xClose(file->real);
    sqlite3_free(file->buffer);
    file->buffer = NULL;
    return rc != SQLITE_OK ? rc : closed;
}

static int batchedRead(sqlite3_file *base, void *data, int amount, sqlite3_int64 offset) {
    BatchedFile *file = (BatchedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xRead(file->real, data, amount, offset);
}

static int batchedWrite(sqlite3_file *base, const void *data, int amount, sqlite3_int64 offset) {
    BatchedFile *file = (BatchedFile *)base;
    if (!file->isLog) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    int rc;
    if (file->length > 0 && (offset != file->start + file->length || file->length + amount > BUFFER_CAPACITY)) {
        rc = flush(file);
        if (rc != SQLITE_OK) return rc;
    }
    if (amount > BUFFER_CAPACITY) {
        file->writes += 1;
        return file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (file->buffer == NULL) {
        file->buffer = sqlite3_malloc(BUFFER_CAPACITY);
        if (file->buffer == NULL) return SQLITE_IOERR_NOMEM;
    }
    if (file->length == 0) file->start = offset;
    memcpy(file->buffer + file->length, data, (size_t)amount);
    file->length += amount;
    if (amount == FRAME_HEADER_SIZE) {
        // Octets 4-7 of a frame header: the database size after the commit, on commit frames only.
        const unsigned char *header = data;
        file->commitFrameOpen = (header[4] | header[5] | header[6] | header[7]) != 0;
        return SQLITE_OK;
    }
    if (file->commitFrameOpen) {
        file->commitFrameOpen = 0;
        return flush(file);
    }
    return SQLITE_OK;
}

static int batchedTruncate(sqlite3_file *base, sqlite3_int64 size) {
    BatchedFile *file = (BatchedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xTruncate(file->real, size);
}

static int batchedSync(sqlite3_file *base, int flags) {
    BatchedFile *file = (BatchedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xSync(file->real, flags);
}

static int batchedFileSize(sqlite3_file *base, sqlite3_int64 *size) {
    BatchedFile *file = (BatchedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xFileSize(file->real, size);
}

static int batchedLock(sqlite3_file *base, int level) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xLock(file->real, level);
}

static int batchedUnlock(sqlite3_file *base, int level) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xUnlock(file->real, level);
}

static int batchedCheckReservedLock(sqlite3_file *base, int *result) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xCheckReservedLock(file->real, result);
}

static int batchedFileControl(sqlite3_file *base, int op, void *argument) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xFileControl(file->real, op, argument);
}

static int batchedSectorSize(sqlite3_file *base) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xSectorSize(file->real);
}

static int batchedDeviceCharacteristics(sqlite3_file *base) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

static int batchedShmMap(sqlite3_file *base, int region, int size, int extend, void volatile **address) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xShmMap(file->real, region, size, extend, address);
}

static int batchedShmLock(sqlite3_file *base, int offset, int count, int flags) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xShmLock(file->real, offset, count, flags);
}

static void batchedShmBarrier(sqlite3_file *base) {
    BatchedFile *file = (BatchedFile *)base;
    file->real->pMethods->xShmBarrier(file->real);
}

static int batchedShmUnmap(sqlite3_file *base, int deleteFlag) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xShmUnmap(file->real, deleteFlag);
}

static int batchedFetch(sqlite3_file *base, sqlite3_int64 offset, int amount, void **pointer) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xFetch(file->real, offset, amount, pointer);
}

static int batchedUnfetch(sqlite3_file *base, sqlite3_int64 offset, void *pointer) {
    BatchedFile *file = (BatchedFile *)base;
    return file->real->pMethods->xUnfetch(file->real, offset, pointer);
}

static const sqlite3_io_methods batchedMethods = {
    3,
    batchedClose, batchedRead, batchedWrite, batchedTruncate, batchedSync, batchedFileSize,
    batchedLock, batchedUnlock, batchedCheckReservedLock, batchedFileControl, batchedSectorSize,
    batchedDeviceCharacteristics, batchedShmMap, batchedShmLock, batchedShmBarrier, batchedShmUnmap,
    batchedFetch, batchedUnfetch,
};

static int batchedOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *base, int flags, int *outFlags) {
    (void)vfs;
    BatchedFile *file = (BatchedFile *)base;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)(file + 1);
    int rc = underlying->xOpen(underlying, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (file->real->pMethods != NULL) file->real->pMethods->xClose(file->real);
        return rc;
    }
    // The default VFS's files are version 3 (shared memory and memory mapping); a file
    // of an older version is refused rather than offered methods it lacks.
    if (file->real->pMethods->iVersion < 3) {
        file->real->pMethods->xClose(file->real);
        return SQLITE_CANTOPEN;
    }
    file->isLog = (flags & SQLITE_OPEN_WAL) != 0;
    file->base.pMethods = &batchedMethods;
    return SQLITE_OK;
}

static int batchedDelete(sqlite3_vfs *vfs, const char *name, int syncDirectory) {
    (void)vfs;
    return underlying->xDelete(underlying, name, syncDirectory);
}

static int batchedAccess(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
    (void)vfs;
    return underlying->xAccess(underlying, name, flags, result);
}

static int batchedFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *output) {
    (void)vfs;
    return underlying->xFullPathname(underlying, name, size, output);
}

static void *batchedDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return underlying->xDlOpen(underlying, name);
}

static void batchedDlError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    underlying->xDlError(underlying, size, message);
}

static void (*batchedDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return underlying->xDlSym(underlying, handle, symbol);
}

static void batchedDlClose(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    underlying->xDlClose(underlying, handle);
}

static int batchedRandomness(sqlite3_vfs *vfs, int size, char *output) {
    (void)vfs;
    return underlying->xRandomness(underlying, size, output);
}

static int batchedSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return underlying->xSleep(underlying, microseconds);
}

static int batchedCurrentTime(sqlite3_vfs *vfs, double *now) {
    (void)vfs;
    return underlying->xCurrentTime(underlying, now);
}

static int batchedGetLastError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    return underlying->xGetLastError(underlying, size, message);
}

static int batchedCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *now) {
    (void)vfs;
    return underlying->xCurrentTimeInt64(underlying, now);
}

static int registration = SQLITE_OK;
static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void registerOnce(void) {
    underlying = sqlite3_vfs_find(NULL);
    if (underlying == NULL || underlying->iVersion < 2) {
        registration = SQLITE_ERROR;
        return;
    }
    batched = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(BatchedFile) + underlying->szOsFile,
        .mxPathname = underlying->mxPathname,
        .zName = "postamt-batched-wal",
        .xOpen = batchedOpen,
        .xDelete = batchedDelete,
        .xAccess = batchedAccess,
        .xFullPathname = batchedFullPathname,
        .xDlOpen = batchedDlOpen,
        .xDlError = batchedDlError,
        .xDlSym = batchedDlSym,
        .xDlClose = batchedDlClose,
        .xRandomness = batchedRandomness,
        .xSleep = batchedSleep,
        .xCurrentTime = batchedCurrentTime,
        .xGetLastError = batchedGetLastError,
        .xCurrentTimeInt64 = batchedCurrentTimeInt64,
    };
    registration = sqlite3_vfs_register(&batched, 1);
}

int postamt_sqlite_register_batched_wal(void) {
    pthread_once(&registered, registerOnce);
    return registration;
}

long long postamt_sqlite_batched_wal_writes(sqlite3 *connection) {
    sqlite3_file *log = NULL;
    if (sqlite3_file_control(connection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) != SQLITE_OK) return -1;
    if (log == NULL || log->pMethods != &batchedMethods) return -1;
    return ((BatchedFile *)log)->writes;
}

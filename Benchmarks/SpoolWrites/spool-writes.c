// What one durable append of a message's content costs, by how the file's blocks came
// to be: the question behind the content spool's spare segments (ContentSpool.swift).
//
// Each commit writes `batch` contents of `size` octets one after the other with one
// pwrite and then calls fdatasync, `commits` times, into a file prepared as the mode says:
//   new        an empty new file: every write extends it
//   fallocate  fallocate(2)'d to its full length: blocks reserved, not written
//   zeroed     written with zeros by direct I/O and synced beforehand, as a spare
//              segment is; contents at any offset
//   aligned    the same, each content starting on a 4096-octet page and padded to one,
//              as the spool writes them
//   direct     the same as aligned, written by direct I/O from a page-aligned buffer
//              (no copy into the page cache), then fdatasync
//   dsync      the same as direct, opened with O_DSYNC as well and no fdatasync
// It prints wall time and CPU (user and system of this process) per commit and per content.
//
//   cc -O2 -o /tmp/spool-writes Benchmarks/SpoolWrites/spool-writes.c
//   /tmp/spool-writes DIRECTORY MODE BATCH COMMITS SIZE
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

static double cpuSeconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s DIRECTORY new|fallocate|zeroed|aligned|direct|dsync BATCH COMMITS SIZE\n", argv[0]);
        return 2;
    }
    const char *mode = argv[2];
    int batch = atoi(argv[3]), commits = atoi(argv[4]);
    size_t size = (size_t)atol(argv[5]);
    int direct = strcmp(mode, "direct") == 0, dsync = strcmp(mode, "dsync") == 0;
    int aligned = strcmp(mode, "aligned") == 0 || direct || dsync;
    size_t stride = aligned ? (size + 4095) & ~(size_t)4095 : size;
    size_t total = stride * (size_t)batch * (size_t)commits;
    char path[4096];
    snprintf(path, sizeof(path), "%s/spool-writes.XXXXXX", argv[1]);
    int descriptor = mkstemp(path);
    if (descriptor < 0) { perror("mkstemp"); return 1; }
    if (strcmp(mode, "fallocate") == 0) {
        if (fallocate(descriptor, 0, 0, (off_t)total) != 0) { perror("fallocate"); return 1; }
        fsync(descriptor);
    } else if (strcmp(mode, "zeroed") == 0 || aligned) {
        int zeroing = open(path, O_WRONLY | O_DIRECT);
        if (zeroing < 0) { perror("open O_DIRECT"); return 1; }
        void *zeros;
        if (posix_memalign(&zeros, 4096, 1 << 20) != 0) return 1;
        memset(zeros, 0, 1 << 20);
        for (size_t offset = 0; offset < total; offset += 1 << 20) {
            if (pwrite(zeroing, zeros, 1 << 20, (off_t)offset) != 1 << 20) { perror("pwrite zeros"); return 1; }
        }
        fdatasync(zeroing);
        close(zeroing);
        free(zeros);
    } else if (strcmp(mode, "new") != 0) {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    if (direct || dsync) {
        close(descriptor);
        descriptor = open(path, O_WRONLY | O_DIRECT | (dsync ? O_DSYNC : 0));
        if (descriptor < 0) { perror("open O_DIRECT"); return 1; }
    }
    char *contents;
    if (posix_memalign((void **)&contents, 4096, stride * (size_t)batch) != 0) return 1;
    memset(contents, 'x', stride * (size_t)batch);
    off_t offset = 0;
    double start = seconds(), startCPU = cpuSeconds();
    for (int commit = 0; commit < commits; commit++) {
        size_t length = stride * (size_t)batch;
        if (pwrite(descriptor, contents, length, offset) != (ssize_t)length) { perror("pwrite"); return 1; }
        offset += (off_t)length;
        if (!dsync && fdatasync(descriptor) != 0) { perror("fdatasync"); return 1; }
    }
    double wall = seconds() - start, cpu = cpuSeconds() - startCPU;
    printf("%-9s %2d per commit: %7.1f µs per commit, CPU %6.1f µs per commit, %6.1f µs per content\n", mode, batch,
           wall / commits * 1e6, cpu / commits * 1e6, cpu / commits / batch * 1e6);
    unlink(path);
    return 0;
}

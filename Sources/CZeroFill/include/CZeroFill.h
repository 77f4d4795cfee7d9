#ifndef C_ZERO_FILL_H
#define C_ZERO_FILL_H

/// Creates the file at `path` (which must not exist) with mode 0600, writes `size` zero
/// octets into it and syncs its data. Writes with direct I/O where the file system allows
/// it, so that the zeros cost no copy into the page cache. Returns 0, or an errno value;
/// on failure the file may exist, partly written.
int zero_fill_file(const char *path, long long size);

/// The open(2) and fcntl(2) flag for direct I/O, `O_DIRECT`, a GNU extension that Swift's
/// Glibc module does not expose.
int direct_io_flag(void);

/// The type of the file system holding `path` (statfs(2)'s `f_type`, a magic number such
/// as 0xEF53 for ext4), or -1 if it cannot be found. Swift's Glibc module has no statfs.
long long file_system_type(const char *path);

/// ext4's `f_type` (`EXT4_SUPER_MAGIC` in <linux/magic.h>, which Swift does not import).
static const long long ext4_file_system_type = 0xEF53;

/// Whether the file open as `descriptor` has inode flags under which ext4 takes direct
/// writes through the page cache or transforms them (data journalling, encryption, inline
/// data, DAX, verity), or its flags cannot be read: 1, else 0.
int direct_writes_may_be_buffered(int descriptor);

#endif

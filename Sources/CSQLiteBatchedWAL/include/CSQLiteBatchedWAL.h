#ifndef POSTAMT_SQLITE_BATCHED_WAL_H
#define POSTAMT_SQLITE_BATCHED_WAL_H

#include <sqlite3.h>

/// Registers, once per process, a SQLite VFS that passes everything through to the default
/// one except writes to write-ahead logs: the frames of a transaction are collected and
/// written with one system call per 128 KiB when the transaction's commit frame is
/// complete, instead of two per page. Makes it the default VFS. Returns a SQLite result
/// code.
int postamt_sqlite_register_batched_wal(void);

/// How many writes the connection has made to its write-ahead log through the VFS since
/// the log was opened, or -1 if it has none open through it (for tests).
long long postamt_sqlite_batched_wal_writes(sqlite3 *connection);

#endif

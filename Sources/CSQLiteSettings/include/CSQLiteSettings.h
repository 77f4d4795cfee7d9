#ifndef POSTAMT_SQLITE_SETTINGS_H
#define POSTAMT_SQLITE_SETTINGS_H

/// Turns SQLite's memory statistics off for the process, once.
///
/// With them on (Debian's build), every allocation and release SQLite makes takes a
/// process-wide mutex to keep the count that `sqlite3_memory_used()` and a soft heap
/// limit read; Postamt uses neither. A setting of the library as a whole: it takes effect
/// only before SQLite is initialized (the first connection or VFS lookup of the process).
/// Returns SQLITE_OK, or SQLITE_MISUSE if SQLite was initialized before (the statistics
/// then stay on, which costs time and nothing else).
int postamt_sqlite_turn_off_memory_statistics(void);

#endif

#include "CSQLiteSettings.h"

#include <pthread.h>
#include <sqlite3.h>

static int result = SQLITE_OK;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void turnOff(void) {
    // Variadic, which is why this is C: Swift does not import sqlite3_config.
    result = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int postamt_sqlite_turn_off_memory_statistics(void) {
    pthread_once(&once, turnOff);
    return result;
}

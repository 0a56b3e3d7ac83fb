#ifndef KABAR_CSQLITE_SHIM_H
#define KABAR_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import:
   text bound with it is copied by SQLite before sqlite3_bind_text returns. */
static inline sqlite3_destructor_type kabar_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif

#ifndef STEWARD_CSQLITE_SHIM_H
#define STEWARD_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif

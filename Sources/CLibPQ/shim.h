#ifndef BONDED_CLIBPQ_SHIM_H
#define BONDED_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif

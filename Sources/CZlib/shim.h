#ifndef BONDED_CZLIB_SHIM_H
#define BONDED_CZLIB_SHIM_H
#include <zlib.h>
#endif

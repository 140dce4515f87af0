#ifndef BONDED_CQRENCODE_SHIM_H
#define BONDED_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif

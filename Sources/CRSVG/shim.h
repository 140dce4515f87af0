#ifndef BONDED_CRSVG_SHIM_H
#define BONDED_CRSVG_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <glib-object.h>
#endif

#ifndef BONDED_CLIBXML2_SHIM_H
#define BONDED_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU; its encoding.h would drag ICU headers into a module that also sees
// Foundation's ICU, which clashes. We never use libxml2's ICU conversion, so hide it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
#include <libxml/c14n.h>
#include <libxml/xpath.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function-pointer variable in libxml2 2.9; Swift 6 rejects touching mutable globals.
static inline void bonded_xml_free(void *p) { xmlFree(p); }
#endif

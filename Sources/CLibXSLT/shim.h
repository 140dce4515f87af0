#ifndef BONDED_CLIBXSLT_SHIM_H
#define BONDED_CLIBXSLT_SHIM_H
// See CLibXML2/shim.h for why ICU is hidden.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <stdarg.h>
#include <stdio.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/variables.h>
#include <libxslt/documents.h>
#include <libxml/xpath.h>
#include <libexslt/exslt.h>

// libxslt reports transform errors through a variadic callback, which Swift cannot implement.
// The sink formats the message and hands a plain C string to a non-variadic Swift callback.
typedef struct bonded_xslt_sink {
    void *context;
    void (*callback)(void *context, const char *message);
} bonded_xslt_sink;

static void bonded_xslt_generic_error(void *ctx, const char *fmt, ...) {
    bonded_xslt_sink *sink = (bonded_xslt_sink *)ctx;
    if (sink == NULL || sink->callback == NULL) { return; }
    char buffer[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(buffer, sizeof buffer, fmt, args);
    va_end(args);
    sink->callback(sink->context, buffer);
}

static inline void bonded_xslt_set_error_sink(xsltTransformContextPtr ctxt, bonded_xslt_sink *sink) {
    xsltSetTransformErrorFunc(ctxt, sink, bonded_xslt_generic_error);
}

static inline int bonded_xslt_failed(xsltTransformContextPtr ctxt) {
    return ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED;
}
// Puts an already parsed, shared document into the transform's document list, so that document() finds it instead
// of reading and parsing the file again. Marked as "main" so that libxslt does not free it with the context.
static inline int bonded_xslt_add_shared_document(xsltTransformContextPtr ctxt, xmlDocPtr doc) {
    xsltDocumentPtr entry = xsltNewDocument(ctxt, doc);
    if (entry == NULL) return -1;
    entry->main = 1;
    return 0;
}
#endif

#ifndef BONDED_CXMLSEC_SHIM_H
#define BONDED_CXMLSEC_SHIM_H
// See CLibXML2/shim.h for why ICU is hidden. XMLSEC_CRYPTO_OPENSSL and friends come from pkg-config (xmlsec1).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
// The defines of `pkg-config --cflags xmlsec1` on Debian 12 (SwiftPM passes only its include paths to the
// importer). XMLSEC_NO_SIZE_T changes the ABI of xmlSecSize, so it must match the library build.
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef XMLSEC_OPENSSL3_ENGINES
#define XMLSEC_OPENSSL3_ENGINES 1
#endif
#ifndef __XMLSEC_FUNCTION__
#define __XMLSEC_FUNCTION__ __func__
#endif
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>

// The transform ids are function-like macros that Swift cannot import.
static inline xmlSecTransformId bonded_xmlsec_c14n(void) { return xmlSecTransformInclC14NId; }
static inline xmlSecTransformId bonded_xmlsec_enveloped(void) { return xmlSecTransformEnvelopedId; }
static inline xmlSecTransformId bonded_xmlsec_sha1(void) { return xmlSecTransformSha1Id; }
static inline xmlSecTransformId bonded_xmlsec_sha256(void) { return xmlSecTransformSha256Id; }
static inline xmlSecTransformId bonded_xmlsec_rsa_sha1(void) { return xmlSecTransformRsaSha1Id; }
static inline xmlSecTransformId bonded_xmlsec_rsa_sha256(void) { return xmlSecTransformRsaSha256Id; }
static inline xmlSecKeyDataId bonded_xmlsec_x509(void) { return xmlSecKeyDataX509Id; }

static inline int bonded_xmlsec_init(void) {
    if (xmlSecInit() < 0) return -1;
    if (xmlSecCryptoAppInit(NULL) < 0) return -2;
    if (xmlSecCryptoInit() < 0) return -3;
    xmlSecErrorsDefaultCallbackEnableOutput(0);
    return 0;
}

static inline int bonded_xmlsec_sign(xmlNodePtr signature, xmlSecKeyPtr key) {
    xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
    if (ctx == NULL) return -1;
    ctx->signKey = xmlSecKeyDuplicate(key);
    int rc = ctx->signKey == NULL ? -1 : xmlSecDSigCtxSign(ctx, signature);
    xmlSecDSigCtxDestroy(ctx);
    return rc;
}

// Verifies with the given key; returns 1 valid, 0 invalid, negative on error.
static inline int bonded_xmlsec_verify(xmlNodePtr signature, xmlSecKeyPtr key) {
    xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
    if (ctx == NULL) return -1;
    ctx->signKey = xmlSecKeyDuplicate(key);
    int rc = ctx->signKey == NULL ? -1 : xmlSecDSigCtxVerify(ctx, signature);
    int ok = rc < 0 ? rc : (ctx->status == xmlSecDSigStatusSucceeded ? 1 : 0);
    xmlSecDSigCtxDestroy(ctx);
    return ok;
}
#endif

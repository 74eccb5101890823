/*
 * sufu_gm_sm2: GB/T 32918 SM2 sign/verify through the OpenSSL that is linked
 * into the `node` binary itself.
 *
 * Why this exists: Node's crypto.sign/verify cannot set the SM2 distinguishing
 * ID (nodejs/node#53761), so its SM2 signatures use an empty ID and do not
 * interoperate with the GM/T 0009 default "1234567812345678". OpenSSL can do it
 * (EVP_PKEY_CTX_set1_id), and `node` exports OpenSSL's EVP symbols, so a tiny
 * addon that links against nothing resolves them from the running node process.
 * The pure-TypeScript path in src/ stays the fallback when this is not built.
 *
 * Everything here is synchronous: one SM2 operation is ~0.2 ms, far below the
 * cost of a thread-pool hop.
 *
 * Exports:
 *   loadPublicKey(spkiDer: Uint8Array): External | null
 *   loadPrivateKey(pkcs8Der: Uint8Array): External | null
 *   verify(pub: External, id: Uint8Array, msg: Uint8Array, sigDer: Uint8Array): boolean
 *   verifySpki(spkiDer: Uint8Array, id, msg, sigDer): boolean   (no key cache; for measurement)
 *   sign(priv: External, id: Uint8Array, msg: Uint8Array): Buffer | null   (DER signature)
 *   opensslVersion: string
 */
#include <node_api.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

/* SM3 fetched once per process (worker threads included). Passing EVP_sm3()
 * makes OpenSSL 3 fetch the provider implementation again on every Init. */
static EVP_MD *g_sm3 = NULL;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static void init_md(void) { g_sm3 = EVP_MD_fetch(NULL, "SM3", NULL); }
static const EVP_MD *sm3_md(void) {
  pthread_once(&g_once, init_md);
  return g_sm3 != NULL ? g_sm3 : EVP_sm3();
}

#define KEY_MAGIC 0x534d324bu /* "SM2K" */
#define MAX_SIG_DER 80        /* SEQUENCE{INTEGER(33), INTEGER(33)} is at most 72 bytes */

typedef struct {
  uint32_t magic;
  int is_private;
  EVP_PKEY *pkey;
} sm2_key;

static const unsigned char EMPTY[1] = {0};

#define CHECK_NAPI(call)                                                        \
  do {                                                                          \
    if ((call) != napi_ok) {                                                    \
      napi_throw_error(env, "ERR_GM_NATIVE", "N-API call failed: " #call);      \
      return NULL;                                                              \
    }                                                                           \
  } while (0)

/* Reads a Uint8Array (Buffer included) argument without copying. */
static int get_bytes(napi_env env, napi_value v, const unsigned char **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  void *ptr = NULL;
  size_t length = 0;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok) return 0;
  if (type != napi_uint8_array) return 0;
  *data = (ptr == NULL || length == 0) ? EMPTY : (const unsigned char *)ptr;
  *len = length;
  return 1;
}

static sm2_key *get_key(napi_env env, napi_value v, int want_private) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external) return NULL;
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok || data == NULL) return NULL;
  sm2_key *k = (sm2_key *)data;
  if (k->magic != KEY_MAGIC || k->is_private != want_private || k->pkey == NULL) return NULL;
  return k;
}

static void key_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  sm2_key *k = (sm2_key *)data;
  if (k == NULL) return;
  EVP_PKEY_free(k->pkey);
  k->magic = 0;
  free(k);
}

static napi_value null_value(napi_env env) {
  napi_value n;
  napi_get_null(env, &n);
  return n;
}

static napi_value bool_value(napi_env env, int b) {
  napi_value v;
  napi_get_boolean(env, b ? true : false, &v);
  return v;
}

static napi_value wrap_key(napi_env env, EVP_PKEY *pkey, int is_private) {
  sm2_key *k = (sm2_key *)malloc(sizeof(sm2_key));
  if (k == NULL) {
    EVP_PKEY_free(pkey);
    napi_throw_error(env, "ERR_GM_NATIVE", "out of memory");
    return NULL;
  }
  k->magic = KEY_MAGIC;
  k->is_private = is_private;
  k->pkey = pkey;
  napi_value ext;
  if (napi_create_external(env, k, key_finalize, NULL, &ext) != napi_ok) {
    key_finalize(env, k, NULL);
    napi_throw_error(env, "ERR_GM_NATIVE", "napi_create_external failed");
    return NULL;
  }
  return ext;
}

/* Parses a SubjectPublicKeyInfo; returns NULL unless it is exactly one SM2 key. */
static EVP_PKEY *parse_spki(const unsigned char *der, size_t len) {
  const unsigned char *p = der;
  EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)len);
  if (pkey == NULL) return NULL;
  if (p != der + len || !EVP_PKEY_is_a(pkey, "SM2")) {
    EVP_PKEY_free(pkey);
    return NULL;
  }
  return pkey;
}

/* 1 = valid, 0 = invalid or error. Never leaves errors on OpenSSL's queue:
 * Node's own crypto calls inspect that (thread-local) queue. */
static int do_verify(EVP_PKEY *pkey, const unsigned char *id, size_t id_len, const unsigned char *msg,
                     size_t msg_len, const unsigned char *sig, size_t sig_len) {
  int ok = 0;
  EVP_MD_CTX *mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  if (mctx == NULL || pctx == NULL) goto done;
  if (EVP_PKEY_CTX_set1_id(pctx, id, (int)id_len) <= 0) goto done;
  EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
  if (EVP_DigestVerifyInit(mctx, NULL, sm3_md(), NULL, pkey) != 1) goto done;
  ok = EVP_DigestVerify(mctx, sig, sig_len, msg, msg_len) == 1;
done:
  EVP_MD_CTX_free(mctx); /* does not free pctx: set_pkey_ctx leaves it to us */
  EVP_PKEY_CTX_free(pctx);
  ERR_clear_error();
  return ok;
}

static napi_value LoadPublicKey(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *der;
  size_t len;
  if (argc < 1 || !get_bytes(env, argv[0], &der, &len)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "spki must be a Uint8Array");
    return NULL;
  }
  EVP_PKEY *pkey = parse_spki(der, len);
  ERR_clear_error();
  if (pkey == NULL) return null_value(env);
  return wrap_key(env, pkey, 0);
}

static napi_value LoadPrivateKey(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *der;
  size_t len;
  if (argc < 1 || !get_bytes(env, argv[0], &der, &len)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "pkcs8 must be a Uint8Array");
    return NULL;
  }
  const unsigned char *p = der;
  EVP_PKEY *pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
  if (pkey != NULL && (p != der + len || !EVP_PKEY_is_a(pkey, "SM2"))) {
    EVP_PKEY_free(pkey);
    pkey = NULL;
  }
  ERR_clear_error();
  if (pkey == NULL) return null_value(env);
  return wrap_key(env, pkey, 1);
}

static napi_value Verify(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *id, *msg, *sig;
  size_t id_len, msg_len, sig_len;
  sm2_key *k = argc >= 4 ? get_key(env, argv[0], 0) : NULL;
  if (k == NULL || !get_bytes(env, argv[1], &id, &id_len) || !get_bytes(env, argv[2], &msg, &msg_len) ||
      !get_bytes(env, argv[3], &sig, &sig_len)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "verify(publicKey, id, msg, sig)");
    return NULL;
  }
  return bool_value(env, do_verify(k->pkey, id, id_len, msg, msg_len, sig, sig_len));
}

static napi_value VerifySpki(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *der, *id, *msg, *sig;
  size_t der_len, id_len, msg_len, sig_len;
  if (argc < 4 || !get_bytes(env, argv[0], &der, &der_len) || !get_bytes(env, argv[1], &id, &id_len) ||
      !get_bytes(env, argv[2], &msg, &msg_len) || !get_bytes(env, argv[3], &sig, &sig_len)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "verifySpki(spki, id, msg, sig)");
    return NULL;
  }
  EVP_PKEY *pkey = parse_spki(der, der_len);
  int ok = pkey != NULL && do_verify(pkey, id, id_len, msg, msg_len, sig, sig_len);
  EVP_PKEY_free(pkey);
  ERR_clear_error();
  return bool_value(env, ok);
}

static napi_value Sign(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *id, *msg;
  size_t id_len, msg_len;
  sm2_key *k = argc >= 3 ? get_key(env, argv[0], 1) : NULL;
  if (k == NULL || !get_bytes(env, argv[1], &id, &id_len) || !get_bytes(env, argv[2], &msg, &msg_len)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "sign(privateKey, id, msg)");
    return NULL;
  }
  unsigned char sig[MAX_SIG_DER];
  size_t sig_len = sizeof(sig);
  int ok = 0;
  EVP_MD_CTX *mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
  if (mctx == NULL || pctx == NULL) goto done;
  if (EVP_PKEY_CTX_set1_id(pctx, id, (int)id_len) <= 0) goto done;
  EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
  if (EVP_DigestSignInit(mctx, NULL, sm3_md(), NULL, k->pkey) != 1) goto done;
  ok = EVP_DigestSign(mctx, sig, &sig_len, msg, msg_len) == 1;
done:
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
  ERR_clear_error();
  if (!ok) return null_value(env);
  napi_value out;
  CHECK_NAPI(napi_create_buffer_copy(env, sig_len, sig, NULL, &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[6];
  memset(props, 0, sizeof(props));
  napi_value version;
  if (napi_create_string_utf8(env, OpenSSL_version(OPENSSL_VERSION), NAPI_AUTO_LENGTH, &version) != napi_ok)
    return NULL;
  props[0].utf8name = "loadPublicKey";
  props[0].method = LoadPublicKey;
  props[1].utf8name = "loadPrivateKey";
  props[1].method = LoadPrivateKey;
  props[2].utf8name = "verify";
  props[2].method = Verify;
  props[3].utf8name = "verifySpki";
  props[3].method = VerifySpki;
  props[4].utf8name = "sign";
  props[4].method = Sign;
  props[5].utf8name = "opensslVersion";
  props[5].value = version;
  for (int i = 0; i < 6; i++) props[i].attributes = napi_enumerable;
  if (napi_define_properties(env, exports, 6, props) != napi_ok) return NULL;
  return exports;
}

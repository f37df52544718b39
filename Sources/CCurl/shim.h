#ifndef SEXTANT_CCURL_SHIM_H
#define SEXTANT_CCURL_SHIM_H
#include <curl/curl.h>

// Swift cannot call C variadic functions, so every curl_*_setopt / getinfo
// shape HTTPClient uses gets a typed wrapper here. Each wrapper is a plain
// forwarding call; the option/argument type pairing is the caller's contract
// (see the libcurl man page of each option).

typedef size_t (*sx_data_callback)(char *data, size_t size, size_t count, void *userdata);
typedef int (*sx_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode sx_easy_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}

static inline CURLcode sx_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}

static inline CURLcode sx_easy_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}

/// Sets a CURLOPT_*_BLOB option; libcurl copies the bytes (CURL_BLOB_COPY), so they need not outlive the call.
static inline CURLcode sx_easy_setopt_blob(CURL *h, CURLoption o, const void *data, size_t len) {
    struct curl_blob blob = { (void *)data, len, CURL_BLOB_COPY };
    return curl_easy_setopt(h, o, &blob);
}

static inline CURLcode sx_easy_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}

static inline CURLcode sx_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}

static inline CURLcode sx_easy_setopt_data_callback(CURL *h, CURLoption o, sx_data_callback v) {
    return curl_easy_setopt(h, o, v);
}

static inline CURLcode sx_easy_setopt_xferinfo_callback(CURL *h, sx_xferinfo_callback v) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v);
}

static inline CURLcode sx_easy_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}

static inline CURLcode sx_easy_getinfo_string(CURL *h, CURLINFO i, char **v) {
    return curl_easy_getinfo(h, i, v);
}

static inline CURLMcode sx_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}

static inline CURLSHcode sx_share_setopt_long(CURLSH *s, CURLSHoption o, long v) {
    return curl_share_setopt(s, o, v);
}

static inline CURLcode sx_easy_setopt_share(CURL *h, CURLSH *s) {
    return curl_easy_setopt(h, CURLOPT_SHARE, s);
}

/// The result of a finished transfer; Swift cannot read the anonymous union in CURLMsg reliably.
static inline CURLcode sx_msg_result(const CURLMsg *msg) {
    return msg->data.result;
}

// Macros built from casts and shifts do not import into Swift.
static const long SX_CURLAUTH_BASIC = (long)CURLAUTH_BASIC;
static const long SX_CURLPIPE_MULTIPLEX = (long)CURLPIPE_MULTIPLEX;
static const long SX_CURL_ERROR_SIZE = CURL_ERROR_SIZE;

#ifdef __linux__
#include <sys/prctl.h>
/// Names the calling thread (up to 15 bytes) for top -H, gdb and /proc/<pid>/task/*/comm.
/// Lives here because pthread_setname_np is hidden behind _GNU_SOURCE in the Swift Glibc module.
static inline void sx_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
#else
static inline void sx_set_thread_name(const char *name) { (void)name; }
#endif

#endif

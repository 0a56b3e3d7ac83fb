#ifndef KABAR_CCURL_SHIM_H
#define KABAR_CCURL_SHIM_H

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic C functions, which
   Swift cannot call. Each wrapper below fixes the type of the third argument. */

static inline CURLcode kabar_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode kabar_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* libcurl copies string options (CURLOPT_URL, CURLOPT_USERAGENT, ...) since 7.17. */
static inline CURLcode kabar_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode kabar_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode kabar_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature. */
typedef size_t (*kabar_data_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode kabar_easy_setopt_data_callback(CURL *handle, CURLoption option, kabar_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_PREREQFUNCTION (libcurl 7.80+): called once a connection is up, before the request
   is sent, with the address connected to; returning CURL_PREREQFUNC_ABORT (1) aborts the
   transfer with CURLE_ABORTED_BY_CALLBACK. */
typedef int (*kabar_prereq_callback)(void *context, char *primary_ip, char *local_ip, int primary_port, int local_port);

static inline CURLcode kabar_easy_setopt_prereq(CURL *handle, kabar_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

/* CURLOPT_OPENSOCKETFUNCTION: called with the address libcurl is about to connect to, before
   the socket exists; returning CURL_SOCKET_BAD refuses it (CURLE_COULDNT_CONNECT) with no
   packet sent. */
static inline CURLcode kabar_easy_setopt_opensocket(CURL *handle, curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}

/* The address of a curl_sockaddr as text (numeric IPv4 or IPv6); 0 when it is neither. */
static inline int kabar_sockaddr_ip(const struct curl_sockaddr *address, char *out, unsigned int size) {
    if (address->family == AF_INET) {
        return inet_ntop(AF_INET, &((const struct sockaddr_in *)&address->addr)->sin_addr, out, size) != NULL;
    }
    if (address->family == AF_INET6) {
        return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&address->addr)->sin6_addr, out, size) != NULL;
    }
    return 0;
}

static inline curl_socket_t kabar_open_socket(const struct curl_sockaddr *address) {
    return socket(address->family, address->socktype, address->protocol);
}

static inline curl_socket_t kabar_socket_bad(void) { return CURL_SOCKET_BAD; }

static inline CURLcode kabar_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode kabar_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* The string belongs to the handle: copy it before the handle is cleaned up. */
static inline CURLcode kabar_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode kabar_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/* The fields of a finished transfer's message (CURLMsg holds them in a union). */
static inline int kabar_msg_is_done(const CURLMsg *message) { return message->msg == CURLMSG_DONE; }
static inline CURLcode kabar_msg_result(const CURLMsg *message) { return message->data.result; }
static inline CURL *kabar_msg_easy(const CURLMsg *message) { return message->easy_handle; }

/* The libcurl version number as text ("7.88.1"); CURLVERSION_NOW is a macro Swift cannot see. */
static inline const char *kabar_curl_version(void) { return curl_version_info(CURLVERSION_NOW)->version; }

/* glibc's malloc tuning for fetching processes (see AllocatorTuning.swift); malloc.h is not
   part of Swift's Glibc module. A no-op elsewhere. */
#ifdef __GLIBC__
#include <malloc.h>
static inline void kabar_keep_freed_memory(int trim_threshold, int top_pad) {
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
    mallopt(M_TOP_PAD, top_pad);
}
#else
static inline void kabar_keep_freed_memory(int trim_threshold, int top_pad) { (void)trim_threshold; (void)top_pad; }
#endif

#endif

/*
 * gitstatic.c - libgit2 linked from its static archive, without paying at
 * start-up for the transports a process never uses.
 *
 * Layer: base.  Built only when CMake links the static archives
 * (cmake/static-deps.cmake); engine/CMakeLists.txt then links every
 * executable with the linker's --wrap for the symbols below (a call to X
 * from another object goes to __wrap_X, and __real_X is the original).
 *
 * git_libgit2_init() initialises every transport, used or not: mbedTLS's
 * configuration and entropy pool (HAVEGE, about a million instructions)
 * and libssh2, which initialises OpenSSL's engines and error strings
 * (another million).  A hook judging one event against a cached rule set
 * does about three million instructions of its own, and never speaks TLS
 * or SSH.  So:
 *
 *  - TLS: libgit2's mbedTLS set-up runs when the first TLS stream is made
 *    (or certificate locations are set), instead of in git_libgit2_init().
 *    It is the same set-up, the system's CA bundle included; only its
 *    moment moves, so HTTPS works as before wherever libgit2 uses it.
 *  - SSH: libssh2_init() from libgit2 is skipped.  libssh2 initialises
 *    itself when its first session is made (libssh2_session_init_ex calls
 *    _libssh2_init_if_needed), and libgit2's libssh2_exit() at shutdown
 *    does nothing when it never was.
 *  - GSSAPI (Kerberos "Negotiate" over HTTP): Debian ships it only as a
 *    shared library, which brings seven more; it is opened with dlopen the
 *    first time libgit2 calls it, and each call fails cleanly
 *    (GSS_S_FAILURE, which libgit2 reports as an authentication error)
 *    where it is not installed.
 */
#include "common.h"

#include <dlfcn.h>
#include <pthread.h>

/* Referenced with -Wl,--undefined so that every executable links this file. */
extern int vd__gitstatic;
int vd__gitstatic = 1;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- TLS: libgit2's mbedTLS stream ------------------------------------ */

/* libgit2 1.5's src/libgit2/streams/mbedtls.h; a stream is opaque here. */
int __real_git_mbedtls_stream_global_init(void);
int __real_git_mbedtls_stream_new(void **out, const char *host, const char *port);
int __real_git_mbedtls_stream_wrap(void **out, void *in, const char *host);
int __real_git_mbedtls__set_cert_location(const char *file, const char *path);
int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port);
int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);

static bool tls_pending;

/* Called by git_libgit2_init(): remember that the set-up is due. */
int
__wrap_git_mbedtls_stream_global_init(void)
{
	pthread_mutex_lock(&lock);
	tls_pending = true;
	pthread_mutex_unlock(&lock);
	return 0;
}

/* The set-up, once per initialisation of libgit2, before TLS is used. */
static int
tls_ready(void)
{
	int rc = 0;

	pthread_mutex_lock(&lock);
	if (tls_pending && (rc = __real_git_mbedtls_stream_global_init()) == 0)
		tls_pending = false;
	pthread_mutex_unlock(&lock);
	return rc;
}

int
__wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port)
{
	int rc = tls_ready();

	return rc < 0 ? rc : __real_git_mbedtls_stream_new(out, host, port);
}

int
__wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host)
{
	int rc = tls_ready();

	return rc < 0 ? rc : __real_git_mbedtls_stream_wrap(out, in, host);
}

int
__wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	int rc = tls_ready();

	return rc < 0 ? rc : __real_git_mbedtls__set_cert_location(file, path);
}

/* ---- SSH: libssh2 ------------------------------------------------------ */

int __real_libssh2_init(int flags);
int __wrap_libssh2_init(int flags);

int
__wrap_libssh2_init(int flags)
{
	/* Flags other than the default change what libssh2 does: honour them now. */
	return flags == 0 ? 0 : __real_libssh2_init(flags);
}

/* ---- GSSAPI, opened on first use --------------------------------------- */

/* RFC 2744's C binding, with opaque handles as void *. */
typedef uint32_t gss_u32;
typedef struct {
	gss_u32 length;
	void *elements;
} gss_oid_desc;

#define GSS_FAILURE ((gss_u32)13 << 16)   /* GSS_S_FAILURE */

/* 1.2.840.113554.1.2.1.4, GSS_C_NT_HOSTBASED_SERVICE (RFC 2743, 4.1). */
static gss_oid_desc hostbased = { 10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04" };
extern gss_oid_desc *GSS_C_NT_HOSTBASED_SERVICE;
gss_oid_desc *GSS_C_NT_HOSTBASED_SERVICE = &hostbased;

static void *gss_lib;
static bool gss_tried;

static void *
gss_sym(const char *name)
{
	void *lib;

	pthread_mutex_lock(&lock);
	if (!gss_tried) {
		gss_tried = true;
		gss_lib = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL);
	}
	lib = gss_lib;
	pthread_mutex_unlock(&lock);
	return lib ? dlsym(lib, name) : NULL;
}

/* Call the library's `name`, whose type is name##_fn, or fail. */
#define GSS_CALL(name, minor, ...) do { \
		void *sym_ = gss_sym(#name); \
		name##_fn fn_; \
		if (sym_ == NULL) { \
			if (minor) \
				*(minor) = 0; \
			return GSS_FAILURE; \
		} \
		memcpy(&fn_, &sym_, sizeof(fn_)); \
		return fn_(__VA_ARGS__); \
	} while (0)

typedef gss_u32 (*gss_indicate_mechs_fn)(gss_u32 *, void **);
typedef gss_u32 (*gss_import_name_fn)(gss_u32 *, void *, gss_oid_desc *, void **);
typedef gss_u32 (*gss_init_sec_context_fn)(gss_u32 *, void *, void **, void *,
	gss_oid_desc *, gss_u32, gss_u32, void *, void *, gss_oid_desc **, void *,
	gss_u32 *, gss_u32 *);
typedef gss_u32 (*gss_delete_sec_context_fn)(gss_u32 *, void **, void *);
typedef gss_u32 (*gss_display_status_fn)(gss_u32 *, gss_u32, int, gss_oid_desc *,
	gss_u32 *, void *);
typedef gss_u32 (*gss_release_buffer_fn)(gss_u32 *, void *);
typedef gss_u32 (*gss_release_name_fn)(gss_u32 *, void **);
typedef gss_u32 (*gss_release_oid_set_fn)(gss_u32 *, void **);

gss_u32 gss_indicate_mechs(gss_u32 *minor, void **mechs);
gss_u32 gss_import_name(gss_u32 *minor, void *buf, gss_oid_desc *type, void **name);
gss_u32 gss_init_sec_context(gss_u32 *minor, void *cred, void **ctx, void *target,
	gss_oid_desc *mech, gss_u32 flags, gss_u32 time, void *bindings, void *in,
	gss_oid_desc **actual, void *out, gss_u32 *ret_flags, gss_u32 *ret_time);
gss_u32 gss_delete_sec_context(gss_u32 *minor, void **ctx, void *out);
gss_u32 gss_display_status(gss_u32 *minor, gss_u32 status, int type, gss_oid_desc *mech,
	gss_u32 *more, void *out);
gss_u32 gss_release_buffer(gss_u32 *minor, void *buf);
gss_u32 gss_release_name(gss_u32 *minor, void **name);
gss_u32 gss_release_oid_set(gss_u32 *minor, void **set);

gss_u32
gss_indicate_mechs(gss_u32 *minor, void **mechs)
{
	GSS_CALL(gss_indicate_mechs, minor, minor, mechs);
}

gss_u32
gss_import_name(gss_u32 *minor, void *buf, gss_oid_desc *type, void **name)
{
	/* Hand the library its own name-type object rather than our copy. */
	if (type == &hostbased) {
		gss_oid_desc **own = gss_sym("GSS_C_NT_HOSTBASED_SERVICE");

		if (own && *own)
			type = *own;
	}
	GSS_CALL(gss_import_name, minor, minor, buf, type, name);
}

gss_u32
gss_init_sec_context(gss_u32 *minor, void *cred, void **ctx, void *target,
	gss_oid_desc *mech, gss_u32 flags, gss_u32 time, void *bindings, void *in,
	gss_oid_desc **actual, void *out, gss_u32 *ret_flags, gss_u32 *ret_time)
{
	GSS_CALL(gss_init_sec_context, minor, minor, cred, ctx, target, mech, flags, time,
		bindings, in, actual, out, ret_flags, ret_time);
}

gss_u32
gss_delete_sec_context(gss_u32 *minor, void **ctx, void *out)
{
	GSS_CALL(gss_delete_sec_context, minor, minor, ctx, out);
}

gss_u32
gss_display_status(gss_u32 *minor, gss_u32 status, int type, gss_oid_desc *mech,
	gss_u32 *more, void *out)
{
	GSS_CALL(gss_display_status, minor, minor, status, type, mech, more, out);
}

gss_u32
gss_release_buffer(gss_u32 *minor, void *buf)
{
	GSS_CALL(gss_release_buffer, minor, minor, buf);
}

gss_u32
gss_release_name(gss_u32 *minor, void **name)
{
	GSS_CALL(gss_release_name, minor, minor, name);
}

gss_u32
gss_release_oid_set(gss_u32 *minor, void **set)
{
	GSS_CALL(gss_release_oid_set, minor, minor, set);
}

/*
 * no_ca_bundle.c - keep libgit2 from parsing the system's CA bundle on
 * every start of a verb that never speaks TLS.
 *
 * Debian's libgit2 1.5 is built with mbedTLS and a default certificate
 * location, and git_libgit2_init() parses every certificate in
 * /etc/ssl/certs/ca-certificates.crt: about 56 million instructions, 4 ms,
 * three quarters of a hook run that judges one event against a cached
 * compiled set (bench/README.md).  This executable defines the one mbedTLS
 * function that does the parsing, so the dynamic linker binds libgit2's
 * call to it.  For the verbs that fetch over HTTPS (`verdict hooks`, which
 * can mirror a policy repository from a URL) main() sets cli_tls_wanted
 * and the call goes on to mbedTLS's own function; for every other verb
 * nothing is loaded, and were libgit2 ever asked to speak HTTPS the
 * handshake would fail for want of a trusted CA: closed, never open.
 * With a libgit2 built against another TLS library the symbol is never
 * called.
 *
 * When libgit2 is linked from its static archive (VD_STATIC_DEPS) the
 * whole TLS set-up, the bundle included, waits for the first TLS stream
 * (engine/gitstatic.c), so nothing here is needed: HTTPS then works in
 * every verb, and a verb that never uses it never loads the bundle.
 */
#include <dlfcn.h>
#include <string.h>

#include "cli.h"

bool cli_tls_wanted;

#ifndef VD_STATIC_DEPS
/* mbedtls/x509_crt.h's prototype, without depending on mbedTLS's headers. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	static int (*real)(void *, const char *);

	if (!cli_tls_wanted)
		return 0;
	if (real == NULL) {
		void *sym = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");

		if (sym == NULL)
			return -1;
		memcpy(&real, &sym, sizeof(real));
	}
	return real(chain, path);
}
#endif

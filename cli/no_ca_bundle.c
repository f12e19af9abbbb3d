/*
 * no_ca_bundle.c - keep libgit2 from parsing the system's CA bundle on
 * every start.
 *
 * Debian's libgit2 1.5 is built with mbedTLS and a default certificate
 * location, and git_libgit2_init() parses every certificate in
 * /etc/ssl/certs/ca-certificates.crt: about 56 million instructions, 4 ms,
 * three quarters of a hook run that judges one event against a cached
 * compiled set (bench/README.md).  verdict never opens a TLS connection
 * through libgit2 (no clone, fetch or push), so this executable defines
 * the one mbedTLS function that does the parsing, and the dynamic linker
 * binds libgit2's call to it instead: nothing is loaded.  Were libgit2
 * ever asked to speak HTTPS, the handshake would fail for want of a
 * trusted CA: it fails closed, never open.  With a libgit2 built against
 * another TLS library the symbol is simply never called.
 */
#include "cli.h"

/* mbedtls/x509_crt.h's prototype, without depending on mbedTLS's headers. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

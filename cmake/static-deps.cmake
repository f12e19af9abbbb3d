# Link verdict's libraries from their static archives (VERDICT_STATIC_DEPS).
#
# A hook runs `verdict` as a new process on every agent tool call and every
# push.  Linked against the shared libraries, about half of a warm run's
# instructions were the dynamic loader's: libgit2 alone brings 17 shared
# libraries (mbedTLS, libssh2, OpenSSL, Kerberos, ...).  Debian's -dev
# packages ship the static archives too, so when every one is there, each
# pkg-config target below is pointed at them and every executable (verdict,
# the tests, the benchmarks, the fuzzers) links them: one copy of each
# library, in the executable, relocated at link time.  engine/gitstatic.c
# then keeps libgit2's start-up from initialising TLS and SSH before they
# are used, and loads GSSAPI (which Debian ships only as a shared library)
# when libgit2 first asks for it.
#
# Falls back to the shared libraries, with a message, when an archive is
# missing or libgit2 is not built the way gitstatic.c expects (mbedTLS and
# libssh2, as on Debian 12).  -DVERDICT_STATIC_DEPS=OFF forces them.
#
# Sets VD_STATIC_DEPS (TRUE when in effect).

option(VERDICT_STATIC_DEPS "Link libgit2, SQLite, jansson, PCRE2, tree-sitter and nettle from their static archives" ON)
set(VD_STATIC_DEPS FALSE)
if(NOT VERDICT_STATIC_DEPS)
	return()
endif()

set(_vd_archives git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto
	pcre2-8 z jansson sqlite3 tree-sitter nettle)
foreach(_lib IN LISTS _vd_archives)
	find_library(VD_ARCHIVE_${_lib} NAMES lib${_lib}.a)
	if(NOT VD_ARCHIVE_${_lib})
		message(STATUS "static deps: lib${_lib}.a not found; linking the shared libraries")
		return()
	endif()
endforeach()

# gitstatic.c wraps libgit2's mbedTLS stream and libssh2's start-up.
find_program(VD_NM NAMES nm)
if(NOT VD_NM)
	message(STATUS "static deps: no nm to inspect libgit2.a; linking the shared libraries")
	return()
endif()
execute_process(COMMAND ${VD_NM} -g ${VD_ARCHIVE_git2} OUTPUT_VARIABLE _vd_git2_syms
	ERROR_QUIET RESULT_VARIABLE _vd_nm_rc)
foreach(_sym git_mbedtls_stream_global_init git_mbedtls_stream_new git_mbedtls_stream_wrap
		git_mbedtls__set_cert_location git_transport_ssh_global_init)
	if(NOT _vd_nm_rc EQUAL 0 OR NOT _vd_git2_syms MATCHES "T ${_sym}\n")
		message(STATUS "static deps: libgit2.a has no ${_sym}; linking the shared libraries")
		return()
	endif()
endforeach()

find_package(Threads REQUIRED)
set_target_properties(PkgConfig::LIBGIT2 PROPERTIES INTERFACE_LINK_LIBRARIES
	"${VD_ARCHIVE_git2};${VD_ARCHIVE_mbedtls};${VD_ARCHIVE_mbedx509};${VD_ARCHIVE_mbedcrypto};${VD_ARCHIVE_http_parser};${VD_ARCHIVE_ssh2};${VD_ARCHIVE_crypto};${VD_ARCHIVE_pcre2-8};${VD_ARCHIVE_z};Threads::Threads;${CMAKE_DL_LIBS};rt")
set_target_properties(PkgConfig::JANSSON PROPERTIES INTERFACE_LINK_LIBRARIES "${VD_ARCHIVE_jansson}")
set_target_properties(PkgConfig::SQLITE3 PROPERTIES INTERFACE_LINK_LIBRARIES
	"${VD_ARCHIVE_sqlite3};${VD_ARCHIVE_z};m;Threads::Threads;${CMAKE_DL_LIBS}")
set_target_properties(PkgConfig::TREESITTER PROPERTIES INTERFACE_LINK_LIBRARIES "${VD_ARCHIVE_tree-sitter}")
set_target_properties(PkgConfig::PCRE2 PROPERTIES INTERFACE_LINK_LIBRARIES "${VD_ARCHIVE_pcre2-8}")
set_target_properties(PkgConfig::NETTLE PROPERTIES INTERFACE_LINK_LIBRARIES "${VD_ARCHIVE_nettle}")
set(VD_STATIC_DEPS TRUE)
message(STATUS "static deps: linking libgit2, SQLite, jansson, PCRE2, tree-sitter and nettle statically")

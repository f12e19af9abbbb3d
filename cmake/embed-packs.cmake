# Embed every file under packs/ into a C include (run with cmake -P):
#   cmake -DROOT=<source dir> -DOUT=<file.inc> -P embed-packs.cmake
# Each file becomes a byte array; `starter_files` lists path, bytes and
# length.  The output is only replaced when it changes, so an unchanged
# pack does not rebuild the library.
file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/packs/*")
list(SORT files)
set(out "/* Generated from packs/ by cmake/embed-packs.cmake: do not edit. */\n")
set(entries "")
# Sixteen bytes a line (CMake regexes allow few groups: one, repeated).
string(REPEAT "0x[0-9a-f][0-9a-f]," 16 row)
set(i 0)
foreach(f IN LISTS files)
	file(READ "${ROOT}/${f}" hex HEX)
	string(LENGTH "${hex}" n)
	math(EXPR bytes "${n} / 2")
	string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
	string(REGEX REPLACE "(${row})" "\\1\n" hex "${hex}")
	string(APPEND out "static const unsigned char starter_${i}[] = {\n${hex}0x00\n};\n")
	string(APPEND entries "\t{ \"${f}\", starter_${i}, ${bytes} },\n")
	math(EXPR i "${i} + 1")
endforeach()
string(APPEND out "\nstatic const struct {\n\tconst char *path;\n\tconst unsigned char *data;\n\tsize_t len;\n} starter_files[] = {\n${entries}};\n")
file(WRITE "${OUT}.tmp" "${out}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")

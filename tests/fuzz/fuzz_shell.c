/*
 * fuzz_shell.c - command line -> simple commands (engine/shell.c).
 *
 * Agents send any bytes as a command; the splitter must end, stay within
 * its input, and give every simple command a name and NUL-terminated words.
 */
#include "common.h"
#include "arena.h"
#include "shell.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vd_arena a = VD_ARENA_INIT;
	vd_simple_command *cmds;
	size_t n, i, k, total = 0;

	/* The splitter reads exactly len bytes: give it no terminator to lean on. */
	char *line = vd__malloc(size ? size : 1);

	memcpy(line, data, size);
	n = vd__shell_split(&a, line, size, &cmds);
	for (i = 0; i < n; i++) {
		total += strlen(cmds[i].text) + strlen(cmds[i].name);
		for (k = 0; k < cmds[i].argc; k++)
			total += strlen(cmds[i].argv[k]);
		for (k = 0; k < cmds[i].nflags; k++)
			total += strlen(cmds[i].flags[k]);
		for (k = 0; k < cmds[i].nredirects; k++)
			total += strlen(cmds[i].redirects[k]);
	}
	/* Keep the loop from being optimised away. */
	if (total == SIZE_MAX)
		abort();
	vd__free(line);
	vd__arena_dispose(&a);
	return 0;
}

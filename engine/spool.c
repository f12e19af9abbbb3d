/*
 * spool.c - append to and drain the audit spool, a JSON Lines file.
 *
 * Layer: runtime, below audit.c, which decides what a line holds.  This
 * file only moves complete lines durably and under a lock:
 *
 *  - append: open O_APPEND, flock(LOCK_EX), one write() of complete lines,
 *    fsync(), unlock.  O_APPEND puts the bytes at the end even if another
 *    process appended meanwhile; the lock keeps a drainer from reading or
 *    emptying the file between our write and our fsync.
 *  - drain: open, flock(LOCK_EX), read everything, hand it to the caller,
 *    and only when the caller says the lines are safely in the database,
 *    ftruncate() to zero and fsync().  A crash after the database commit
 *    but before the truncate leaves lines the next drain sees again; the
 *    caller makes that harmless (audit.c skips spool ids it already has).
 *
 * The file is never unlinked: an appender blocked on the lock holds a
 * descriptor to it, and its line must land where the next drain looks.
 */
#include "common.h"
#include "spool.h"
#include "buf.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int
io_error(const char *path, const char *what)
{
	return vd__error_set(VD_EIO, "spool %s: %s: %s", path, what, strerror(errno));
}

static int
lock_fd(int fd)
{
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* fsync the directory holding `path`, so a newly created name is durable. */
static void
sync_dir(const char *path)
{
	char *copy = vd__strdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	vd__free(copy);
}

int
vd__spool_append(const char *path, const char *data, size_t len)
{
	struct stat st;
	size_t done = 0;
	int fd, rc = 0;
	bool created;

	created = stat(path, &st) < 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_error(path, "cannot open for appending");
	if (lock_fd(fd) < 0) {
		rc = io_error(path, "cannot lock");
		goto done;
	}
	/*
	 * One write() normally takes everything; a short write (a full disk)
	 * is continued so the line is complete or the error is reported.
	 */
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = io_error(path, "cannot write");
			goto done;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		rc = io_error(path, "cannot sync to disk");
		goto done;
	}
	if (created)
		sync_dir(path);
done:
	close(fd);             /* also releases the lock */
	return rc;
}

bool
vd__spool_pending(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_size > 0;
}

int
vd__spool_drain(const char *path, vd__spool_consume consume, void *payload)
{
	vd_buf content = VD_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : io_error(path, "cannot open for draining");
	if (lock_fd(fd) < 0) {
		rc = io_error(path, "cannot lock");
		goto done;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_error(path, "cannot read");
			goto done;
		}
		vd__buf_put(&content, chunk, (size_t)n);
	}
	if (content.size == 0)
		goto done;
	if ((rc = consume(payload, content.ptr, content.size)) < 0)
		goto done;
	if (ftruncate(fd, 0) < 0 || fsync(fd) < 0)
		rc = io_error(path, "cannot empty after draining (the lines are in the database and will not be added twice)");
done:
	close(fd);
	vd_buf_dispose(&content);
	return rc;
}

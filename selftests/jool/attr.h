/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One configfs attribute written or read in one system call, as the
 * kselftests of jool/ need it: the errno of a refused write is the
 * result under test.
 */
#ifndef JOOL_SELFTEST_ATTR_H
#define JOOL_SELFTEST_ATTR_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Not every test program calls all three. */
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

/*
 * 0 on success, else the errno of the failing write of @len bytes.  An
 * empty write never reaches the module (configfs answers EFAULT), so
 * "empty" in the tables is "\n"; zero_length_write tests EFAULT itself.
 */
static __maybe_unused int attr_write_raw(const char *dir,
					 const char *attr, const char *value,
					 size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = write(fd, value, len);
	if (n < 0)
		err = errno;
	close(fd);
	return err;
}

static __maybe_unused int attr_write(const char *dir, const char *attr,
				     const char *value)
{
	return attr_write_raw(dir, attr, value, strlen(value));
}

/* The attribute's content, newline stripped, in a static buffer. */
static __maybe_unused const char *attr_read(const char *dir, const char *attr)
{
	static char buf[4096];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return "<unreadable>";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return "<unreadable>";
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

#endif /* JOOL_SELFTEST_ATTR_H */

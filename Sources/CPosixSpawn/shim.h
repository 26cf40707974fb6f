#ifndef STEWARD_CPOSIXSPAWN_SHIM_H
#define STEWARD_CPOSIXSPAWN_SHIM_H
// What plug-in processes need from posix_spawn beyond what Swift's system module shows:
// glibc declares these only for _GNU_SOURCE, which that module is not built with.
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#ifdef __linux__
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict, const char *__restrict);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);
extern int pipe2(int fds[2], int flags);
#endif

/// Flags for a plug-in process: a session of its own (so its whole group can be killed),
/// no blocked signals, and default handling of the signals Steward ignores (SIGPIPE).
static inline short steward_spawn_flags(void) {
#ifdef __linux__
    return 0x80 /* POSIX_SPAWN_SETSID */ | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#else
    return POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_CLOEXEC_DEFAULT;
#endif
}

/// Runs the child in `path`.
static inline int steward_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// Closes every descriptor above 2 in the child (on Darwin, POSIX_SPAWN_CLOEXEC_DEFAULT does it).
static inline int steward_spawn_close_others(posix_spawn_file_actions_t *actions) {
#ifdef __linux__
    return posix_spawn_file_actions_addclosefrom_np(actions, 3);
#else
    (void)actions;
    return 0;
#endif
}

/// A pipe whose ends are closed on exec, made at once so no other thread's child inherits them.
static inline int steward_spawn_pipe(int fds[2]) {
#ifdef __linux__
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

#endif

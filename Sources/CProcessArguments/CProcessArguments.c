// A binary linked with --static-swift-stdlib reads its arguments from /proc/self/cmdline, which a
// chroot or minimal container may not have: it then sees none and silently reads standard input.
// glibc passes argc and argv to every constructor, so they are kept here instead.
#include "CProcessArguments.h"

static int saved_argc;
static char *const *saved_argv;

__attribute__((constructor)) static void save_process_arguments(int argc, char *const *argv) {
    saved_argc = argc;
    saved_argv = argv;
}

int resticlint_process_argc(void) { return saved_argc; }
char *const *resticlint_process_argv(void) { return saved_argv; }

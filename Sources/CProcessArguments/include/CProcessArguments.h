#ifndef RESTICLINT_PROCESS_ARGUMENTS_H
#define RESTICLINT_PROCESS_ARGUMENTS_H

/// The argc and argv glibc passed to the program's constructors; 0 and NULL where the C library
/// passes none (musl).
int resticlint_process_argc(void);
char *const *resticlint_process_argv(void);

#endif

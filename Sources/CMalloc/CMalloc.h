// glibc's malloc tuning (mallopt and its M_* parameters), which the Glibc module leaves out.
// Linux only: Package.swift makes it a dependency on Linux alone.
#include <malloc.h>

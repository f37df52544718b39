// Snappy's C API (libsnappy-dev), for WAL record compression in the same format Prometheus writes.
#include <snappy-c.h>

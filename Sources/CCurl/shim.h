#ifndef SEXTANT_CCURL_SHIM_H
#define SEXTANT_CCURL_SHIM_H
#include <curl/curl.h>
#endif

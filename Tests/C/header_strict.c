/* Includes one public header (NDIS_CHIMNEY_HEADER, given with -D) as a user's
 * file would, for header-check.sh's strictest warning sets. Compiled as C and
 * as C++. The typedef keeps the translation unit from being empty. */
#include NDIS_CHIMNEY_HEADER

typedef int ndis_chimney_header_strict_check;

#ifdef NDIS_CHIMNEY_STRICT_CONTROL
/* The control: C89 has no long long, so -pedantic -Werror must reject this. */
typedef long long ndis_chimney_header_strict_control;
#endif

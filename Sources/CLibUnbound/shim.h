// Debian's libunbound (libunbound-dev): a validating, caching DNS resolver with an
// asynchronous API, used by the DNS target for outbound mail routing.
#include <unbound.h>

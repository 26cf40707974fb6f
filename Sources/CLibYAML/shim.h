#ifndef STEWARD_CLIBYAML_SHIM_H
#define STEWARD_CLIBYAML_SHIM_H
#include <yaml.h>
#endif

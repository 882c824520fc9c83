// The command line of the `roster` binary (DESIGN.md "Operator interface") and the wiring of
// the layers behind it. main() only calls RunCli.
#pragma once

namespace roster {

int RunCli(int argc, char** argv);

}  // namespace roster

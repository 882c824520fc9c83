#include "app.h"

int main(int argc, char** argv) { return roster::RunCli(argc, argv); }

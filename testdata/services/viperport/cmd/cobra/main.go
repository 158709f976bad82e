// The cobra-cli layout: main only runs the command, defined in a package of the module.
package main

import "github.com/acme/viperport/internal/cli"

func main() { cli.Execute() }

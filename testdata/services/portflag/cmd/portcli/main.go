// portcli is the fixture's second main package, as podinfo has podcli beside podinfo.
package main

import "fmt"

func main() { fmt.Println("portcli") }

// Package cli is the service's command line, as a cobra-cli project has it in a package of its
// own (cobra's cmd.Flags() is a pflag FlagSet, as here).
package cli

import (
	"fmt"
	"net/http"
	"os"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

var port int

var flags = pflag.NewFlagSet("serve", pflag.ContinueOnError)

func init() {
	flags.IntVarP(&port, "port", "p", 9898, "HTTP port")
	viper.BindPFlag("port", flags.Lookup("port"))
}

// Execute parses the arguments and serves.
func Execute() {
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	http.ListenAndServe(fmt.Sprintf(":%d", viper.GetInt("port")), nil)
}

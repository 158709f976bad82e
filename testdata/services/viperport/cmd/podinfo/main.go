// podinfo-shaped: flags on a pflag FlagSet, bound into viper, which also reads PODINFO_*.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

func main() {
	flags := pflag.NewFlagSet("podinfo", pflag.ContinueOnError)
	flags.String("host", "", "address to bind to")
	flags.Int("port", 9898, "HTTP port")
	flags.Int("port-metrics", 0, "metrics port")
	flags.String("ui-path", "./ui", "where the UI's files are")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	viper.BindPFlags(flags)
	viper.SetEnvPrefix("PODINFO")
	viper.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	viper.AutomaticEnv()
	http.Handle("/", http.FileServer(http.Dir(viper.GetString("ui-path"))))
	http.ListenAndServe(fmt.Sprintf("%s:%d", viper.GetString("host"), viper.GetInt("port")), nil)
}
